import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { createSmarterMailClient, type ConnectionTestResult } from "../../engine/smartermail/client";
import { SmarterMailError, toSmarterMailErrorData } from "../../engine/smartermail/smartermail-error";
import type { SmarterMailTestInput } from "../../validation/smartermail-test";
import { unsealPassword } from "../../engine/routing/read-gateway-spool-counts";

/** A deliberate click may wait a little longer than the grid does. */
const TEST_TIMEOUT_MS = 8000;

/**
 * Logs in to SmarterMail with the values typed in the form and reads the spool counts. A blank password
 * means the one stored for `gatewayId` — loaded and decrypted here, so it never travels to the browser.
 */
export async function testSmarterMailConnection(input: SmarterMailTestInput): Promise<ConnectionTestResult> {
  let password = input.smartermailPassword;
  if (!password) {
    const stored = input.gatewayId
      ? await getDb().gateway.findUnique({ where: { id: input.gatewayId }, select: { smartermailPasswordEnc: true } })
      : null;
    if (!stored?.smartermailPasswordEnc) {
      throw new AppError("validation_failed", "Enter the SmarterMail password to test the connection.", { smartermailPassword: ["Enter the SmarterMail password."] });
    }
    try {
      password = unsealPassword(stored.smartermailPasswordEnc);
    } catch (error) {
      if (error instanceof SmarterMailError) return { ok: false, error: toSmarterMailErrorData(error) };
      throw error;
    }
  }
  const client = createSmarterMailClient({ url: input.smartermailUrl, username: input.smartermailUsername, password, timeoutMs: TEST_TIMEOUT_MS });
  return client.testConnection();
}
