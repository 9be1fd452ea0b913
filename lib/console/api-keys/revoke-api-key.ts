import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";

/** Revokes a key at once (the next request with it gets 401). Revoking twice keeps the first time. */
export async function revokeApiKey({ id }: { id: string }): Promise<{ revokedAt: Date }> {
  const db = getDb();
  await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  const key = await db.apiKey.findUnique({ where: { id }, select: { revokedAt: true } });
  if (!key?.revokedAt) throw new AppError("not_found", "That API key no longer exists.");
  return { revokedAt: key.revokedAt };
}
