import { encryptSecret } from "@/lib/platform/secret-box";
import { getDb } from "@/lib/platform/db";

let counter = 0;

/** A gateway row, in SmarterMail mode when `smartermail` is given (password sealed as the form would). */
export async function createSpoolTestGateway(
  options: { description?: string; type?: "ROUND_ROBIN" | "SPECIFIC_DOMAINS"; smartermail?: { url: string; username: string; password: string } } = {},
): Promise<string> {
  counter += 1;
  const { smartermail } = options;
  const gateway = await getDb().gateway.create({
    data: {
      description: options.description ?? `Gateway ${counter}`,
      address: `smtp${counter}.example.test`,
      port: 25,
      encryption: "NONE",
      type: options.type ?? "ROUND_ROBIN",
      smartermailEnabled: !!smartermail,
      smartermailUrl: smartermail?.url ?? null,
      smartermailUsername: smartermail?.username ?? null,
      smartermailPasswordEnc: smartermail ? encryptSecret(smartermail.password) : null,
    },
    select: { id: true },
  });
  return gateway.id;
}
