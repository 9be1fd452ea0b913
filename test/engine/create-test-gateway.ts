import { encryptSecret } from "@/lib/platform/secret-box";
import { getDb } from "@/lib/platform/db";
import type { GatewayEncryption } from "@/lib/engine/delivery/types";

let counter = 0;

export type TestGatewayInput = {
  port: number;
  /** Round robin orders gateways by id; fixed ids make "the first gateway" predictable. */
  id?: string;
  description?: string;
  type?: "ROUND_ROBIN" | "SPECIFIC_DOMAINS";
  encryption?: GatewayEncryption;
  verifyCertificate?: boolean;
  enabled?: boolean;
  auth?: { user: string; pass: string };
};

/** A gateway row pointing at a local test SMTP server (or a closed port). */
export async function createTestGateway(input: TestGatewayInput) {
  counter += 1;
  return getDb().gateway.create({
    data: {
      ...(input.id ? { id: input.id } : {}),
      description: input.description ?? `gw${counter}`,
      address: "127.0.0.1",
      port: input.port,
      encryption: input.encryption ?? "NONE",
      verifyCertificate: input.verifyCertificate ?? false,
      enabled: input.enabled ?? true,
      type: input.type ?? "ROUND_ROBIN",
      authEnabled: !!input.auth,
      authUsername: input.auth?.user ?? "",
      authPasswordEnc: input.auth ? encryptSecret(input.auth.pass) : null,
    },
    select: { id: true, description: true, port: true, updatedAt: true },
  });
}

/** A port nothing listens on (free a moment ago): connecting fails at once with ECONNREFUSED. */
export { findFreePort as closedPort } from "@/lib/platform/free-port";

/** "00000000-0000-4000-8000-00000000000n": ids that sort in the order of n. */
export function orderedId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
}
