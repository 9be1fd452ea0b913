import { z } from "zod";
import { getDb } from "../../platform/db";
import type { GatewayInput, StoredSecrets } from "../../validation/gateway";
import { GATEWAY_SUMMARY_SELECT, GATEWAY_TRAFFIC_SELECT, STORED_SECRETS_SELECT, toStoredSecrets } from "./gateway-columns";
import { GATEWAY_SESSION_SELECT } from "../../engine/routing/load-routing-table";
import { toSessionValues } from "./session-columns";

/** The edit form's starting values: passwords are blank; only their presence and destination are told, never their value. */
export type GatewayForEdit = StoredSecrets & {
  id: string;
  values: Required<GatewayInput>;
};

export async function getGatewayForEdit({ id }: { id: string }): Promise<GatewayForEdit | null> {
  // A malformed id in the URL is simply "not found", not a database error.
  if (!z.uuid().safeParse(id).success) return null;
  const row = await getDb().gateway.findUnique({
    where: { id },
    select: {
      ...GATEWAY_SUMMARY_SELECT,
      verifyCertificate: true,
      // Also the auth username, SmarterMail URL and username: the destinations the stored passwords belong to.
      ...STORED_SECRETS_SELECT,
      ...GATEWAY_SESSION_SELECT,
      ...GATEWAY_TRAFFIC_SELECT,
    },
  });
  if (!row) return null;
  return {
    id: row.id,
    values: {
      description: row.description,
      address: row.address,
      port: row.port,
      encryption: row.encryption,
      verifyCertificate: row.verifyCertificate,
      enabled: row.draining && row.enabled ? "draining" : row.enabled ? "true" : "false",
      type: row.type,
      authEnabled: row.authEnabled,
      authUsername: row.authUsername,
      authPassword: "",
      smartermailEnabled: row.smartermailEnabled,
      smartermailUrl: row.smartermailUrl ?? "",
      smartermailUsername: row.smartermailUsername ?? "",
      smartermailPassword: "",
      ...toSessionValues(row),
      // Blank is "no limit": the form server-renders "" for a NULL limit.
      perMinuteLimit: row.perMinuteLimit ?? "",
      perHourLimit: row.perHourLimit ?? "",
      perDayLimit: row.perDayLimit ?? "",
      weight: row.weight,
    },
    ...toStoredSecrets(row),
  };
}
