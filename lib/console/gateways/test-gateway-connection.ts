import { getDb } from "../../platform/db";
import { getHostName } from "../../platform/host-name";
import { AppError } from "../../platform/errors";
import { decryptSecret } from "../../platform/secret-box";
import { runConnectionTest, type ConnectionTranscript } from "../../engine/delivery/smtp/run-connection-test";
import { definedOnly, toSessionOptions } from "../../engine/delivery/transport-options";
import type { GatewayConnection } from "../../engine/delivery/types";
import { GATEWAY_SESSION_SELECT, toSessionSettings } from "../../engine/routing/load-routing-table";
import type { GatewayConnectionValues } from "../../validation/gateway";
import { AUTH_DESTINATION_CHANGED, isSameAuthDestination } from "../../validation/secret-destination";
import { GATEWAY_SESSION_DEFAULTS } from "./session-columns";

type Tester = { values: GatewayConnectionValues; gatewayId?: string; testAddress: string; adminEmail: string };

/**
 * Test connection with the values typed in the gateway form: the transcript of runConnectionTest, MAIL FROM the
 * postmaster of Outgate's host name and RCPT TO `testAddress` (blank: the signed-in admin). A blank password means
 * the one stored for `gatewayId`, only while the typed address, port and username are the ones it was stored for
 * (issue 12, kind 2); otherwise AppError validation_failed (422) on authPassword. Sends no mail.
 */
export async function testGatewayConnection({ values, gatewayId, testAddress, adminEmail }: Tester): Promise<ConnectionTranscript> {
  const password = values.authEnabled ? values.authPassword || (await readStoredPassword(values, gatewayId)) : "";
  const connection: GatewayConnection = {
    id: gatewayId ?? "unsaved",
    address: values.address,
    port: values.port,
    encryption: values.encryption,
    verifyCertificate: values.verifyCertificate,
    auth: values.authEnabled ? { user: values.authUsername, pass: password } : null,
    session: toSessionSettings({ ...GATEWAY_SESSION_DEFAULTS, ...definedOnly(values) }),
  };
  return run(connection, testAddress || adminEmail);
}

/** Test connection from the grid: the stored gateway as it is. AppError not_found when it is gone. */
export async function testStoredGatewayConnection({ id, testAddress, adminEmail }: { id: string; testAddress: string; adminEmail: string }): Promise<ConnectionTranscript> {
  const row = await getDb().gateway.findUnique({
    where: { id },
    select: { address: true, port: true, encryption: true, verifyCertificate: true, authEnabled: true, authUsername: true, authPasswordEnc: true, ...GATEWAY_SESSION_SELECT },
  });
  if (!row) throw new AppError("not_found", "That gateway no longer exists.");
  const connection: GatewayConnection = {
    id,
    address: row.address,
    port: row.port,
    encryption: row.encryption,
    verifyCertificate: row.verifyCertificate,
    auth: row.authEnabled && row.authPasswordEnc ? { user: row.authUsername, pass: openPassword(row.authPasswordEnc) } : null,
    session: toSessionSettings(row),
  };
  return run(connection, testAddress || adminEmail);
}

async function run(connection: GatewayConnection, recipient: string): Promise<ConnectionTranscript> {
  const { name } = await getHostName();
  return runConnectionTest(toSessionOptions(connection, { ehloName: name }), { from: `postmaster@${name}`, to: recipient });
}

async function readStoredPassword(values: GatewayConnectionValues, gatewayId: string | undefined): Promise<string> {
  const stored = gatewayId
    ? await getDb().gateway.findUnique({ where: { id: gatewayId }, select: { address: true, port: true, authUsername: true, authPasswordEnc: true } })
    : null;
  if (!stored?.authPasswordEnc) {
    throw new AppError("validation_failed", "Enter the password to test the connection.", { authPassword: ["Enter the password."] });
  }
  if (!isSameAuthDestination({ address: stored.address, port: stored.port, username: stored.authUsername }, values)) {
    throw new AppError("validation_failed", AUTH_DESTINATION_CHANGED, { authPassword: [AUTH_DESTINATION_CHANGED] });
  }
  return openPassword(stored.authPasswordEnc);
}

function openPassword(sealed: string): string {
  try {
    return decryptSecret(sealed);
  } catch {
    throw new AppError("validation_failed", "The stored password cannot be decrypted (was OUTGATE_SECRET_KEY changed?). Enter it again.", {
      authPassword: ["Enter the password again."],
    });
  }
}
