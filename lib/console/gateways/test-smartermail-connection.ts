import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { createSmarterMailClient, type ConnectionTestResult } from "../../engine/smartermail/client";
import { SmarterMailError, toSmarterMailErrorData } from "../../engine/smartermail/smartermail-error";
import type { SmarterMailTestInput } from "../../validation/smartermail-test";
import { isSameSmarterMailDestination, SMARTERMAIL_DESTINATION_CHANGED } from "../../validation/secret-destination";
import { unsealPassword } from "../../engine/routing/read-gateway-spool-counts";

/** A deliberate click may wait a little longer than the grid does. */
const TEST_TIMEOUT_MS = 8000;

/**
 * Logs in to SmarterMail with the values typed in the form and reads the spool counts. A blank password
 * means the one stored for `gatewayId` — loaded and decrypted here, so it never travels to the browser — and only
 * while the typed URL and username are the ones it was stored for: otherwise a field error asks for it again, so a
 * stored password never goes to a server it was not given for. Throws AppError validation_failed (422).
 */
export async function testSmarterMailConnection(input: SmarterMailTestInput): Promise<ConnectionTestResult> {
  const password = input.smartermailPassword || (await readStoredPassword(input));
  if (typeof password !== "string") return password;
  const client = createSmarterMailClient({ url: input.smartermailUrl, username: input.smartermailUsername, password, timeoutMs: TEST_TIMEOUT_MS });
  return client.testConnection();
}

/** The stored password of `input.gatewayId` when it belongs to the typed URL and username; an unreadable one is a failed test. */
async function readStoredPassword(input: SmarterMailTestInput): Promise<string | ConnectionTestResult> {
  const stored = input.gatewayId
    ? await getDb().gateway.findUnique({
        where: { id: input.gatewayId },
        select: { smartermailUrl: true, smartermailUsername: true, smartermailPasswordEnc: true },
      })
    : null;
  if (!stored?.smartermailPasswordEnc) {
    throw new AppError("validation_failed", "Enter the SmarterMail password to test the connection.", { smartermailPassword: ["Enter the SmarterMail password."] });
  }
  const destination = { url: stored.smartermailUrl ?? "", username: stored.smartermailUsername ?? "" };
  if (!isSameSmarterMailDestination(destination, input)) {
    throw new AppError("validation_failed", SMARTERMAIL_DESTINATION_CHANGED, { smartermailPassword: [SMARTERMAIL_DESTINATION_CHANGED] });
  }
  try {
    return unsealPassword(stored.smartermailPasswordEnc);
  } catch (error) {
    if (error instanceof SmarterMailError) return { ok: false, error: toSmarterMailErrorData(error) };
    throw error;
  }
}
