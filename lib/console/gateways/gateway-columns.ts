import type { Prisma } from "../../generated/prisma/client";
import { encryptSecret } from "../../platform/secret-box";
import { AppError } from "../../platform/errors";
import { missingSecretErrors, type GatewayValues, type StoredSecrets } from "../../validation/gateway";

/** What every console view of a gateway shows (the grid row; the edit form adds the rest). Never a credential. */
export const GATEWAY_SUMMARY_SELECT = {
  id: true,
  description: true,
  address: true,
  port: true,
  encryption: true,
  enabled: true,
  type: true,
  authEnabled: true,
  smartermailEnabled: true,
  draining: true,
} as const satisfies Prisma.GatewaySelect;

/** Traffic shaping (issue 15): the limits per window (null = unlimited) and the round-robin weight. */
export const GATEWAY_TRAFFIC_SELECT = {
  perMinuteLimit: true,
  perHourLimit: true,
  perDayLimit: true,
  weight: true,
} as const satisfies Prisma.GatewaySelect;

export const DUPLICATE_GATEWAY_MESSAGE = "A gateway with this server address, port and auth username already exists.";

/**
 * The row columns for a create or an update. Turning a feature off clears its credentials ("" username for
 * auth, so the unique rule on (address, port, auth_username) holds without NULLs); a blank password leaves
 * the stored one untouched (undefined).
 */
export function toGatewayColumns(values: GatewayValues) {
  const auth = values.authEnabled;
  const smartermail = values.smartermailEnabled;
  return {
    description: values.description,
    address: values.address,
    port: values.port,
    encryption: values.encryption,
    // Certificates only matter once TLS is in use; a plain-text gateway keeps the safe default.
    verifyCertificate: values.encryption === "NONE" ? true : values.verifyCertificate,
    enabled: values.enabled,
    draining: values.draining,
    type: values.type,
    authEnabled: auth,
    authUsername: auth ? values.authUsername : "",
    authPasswordEnc: !auth ? null : values.authPassword ? encryptSecret(values.authPassword) : undefined,
    smartermailEnabled: smartermail,
    smartermailUrl: smartermail ? values.smartermailUrl : null,
    smartermailUsername: smartermail ? values.smartermailUsername : null,
    smartermailPasswordEnc: !smartermail ? null : values.smartermailPassword ? encryptSecret(values.smartermailPassword) : undefined,
    // Session settings: absent (an API caller that does not send them) keeps the stored value, or the column default.
    authMechanism: values.authMechanism,
    connectTimeoutSeconds: values.connectTimeoutSeconds,
    greetingTimeoutSeconds: values.greetingTimeoutSeconds,
    mailTimeoutSeconds: values.mailTimeoutSeconds,
    rcptTimeoutSeconds: values.rcptTimeoutSeconds,
    dataInitTimeoutSeconds: values.dataInitTimeoutSeconds,
    dataBlockTimeoutSeconds: values.dataBlockTimeoutSeconds,
    dataTermTimeoutSeconds: values.dataTermTimeoutSeconds,
    maxConnections: values.maxConnections,
    messagesPerConnection: values.messagesPerConnection,
    recipientsPerTransaction: values.recipientsPerTransaction,
    // Traffic shaping: absent keeps the stored value, null is "no limit".
    perMinuteLimit: values.perMinuteLimit,
    perHourLimit: values.perHourLimit,
    perDayLimit: values.perDayLimit,
    weight: values.weight,
  };
}

/** The columns that tell whether a password is stored and where it may go (the sealed values never leave the server). */
export const STORED_SECRETS_SELECT = {
  address: true,
  port: true,
  authUsername: true,
  authPasswordEnc: true,
  smartermailUrl: true,
  smartermailUsername: true,
  smartermailPasswordEnc: true,
} as const satisfies Prisma.GatewaySelect;

/**
 * Which passwords the row holds and the destination each belongs to: what the edit form shows, and what decides
 * whether a blank one may stay blank (only while the destination is unchanged).
 */
export function toStoredSecrets(row: Prisma.GatewayGetPayload<{ select: typeof STORED_SECRETS_SELECT }>): StoredSecrets {
  return {
    authPasswordFor: row.authPasswordEnc === null ? null : { address: row.address, port: row.port, username: row.authUsername },
    smartermailPasswordFor:
      row.smartermailPasswordEnc === null ? null : { url: row.smartermailUrl ?? "", username: row.smartermailUsername ?? "" },
  };
}

/** Throws a field error for each password that is required but neither given nor stored for this destination. */
export function assertSecretsPresent(values: GatewayValues, stored: StoredSecrets): void {
  const fields = missingSecretErrors(values, stored);
  if (Object.keys(fields).length > 0) throw new AppError("validation_failed", "Some fields are invalid.", fields);
}

/** The unique constraint is the source of truth for duplicates; its violation becomes a message on Server Address. */
export function toDuplicateGatewayError(error: unknown): unknown {
  if ((error as { code?: string } | null)?.code !== "P2002") return error;
  return new AppError("conflict", DUPLICATE_GATEWAY_MESSAGE, { address: [DUPLICATE_GATEWAY_MESSAGE] });
}
