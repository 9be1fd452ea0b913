import { z } from "zod";
import { getDb } from "../../platform/db";
import type { GatewayInput } from "../../validation/gateway";

/** The edit form's starting values: passwords are blank and only their presence is told, never their value. */
export type GatewayForEdit = {
  id: string;
  values: Required<GatewayInput>;
  hasAuthPassword: boolean;
  hasSmartermailPassword: boolean;
};

export async function getGatewayForEdit({ id }: { id: string }): Promise<GatewayForEdit | null> {
  // A malformed id in the URL is simply "not found", not a database error.
  if (!z.uuid().safeParse(id).success) return null;
  const row = await getDb().gateway.findUnique({
    where: { id },
    select: {
      id: true,
      description: true,
      address: true,
      port: true,
      encryption: true,
      verifyCertificate: true,
      enabled: true,
      type: true,
      authEnabled: true,
      authUsername: true,
      authPasswordEnc: true,
      smartermailEnabled: true,
      smartermailUrl: true,
      smartermailUsername: true,
      smartermailPasswordEnc: true,
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
      enabled: row.enabled ? "true" : "false",
      type: row.type,
      authEnabled: row.authEnabled,
      authUsername: row.authUsername,
      authPassword: "",
      smartermailEnabled: row.smartermailEnabled,
      smartermailUrl: row.smartermailUrl ?? "",
      smartermailUsername: row.smartermailUsername ?? "",
      smartermailPassword: "",
    },
    hasAuthPassword: row.authPasswordEnc !== null,
    hasSmartermailPassword: row.smartermailPasswordEnc !== null,
  };
}
