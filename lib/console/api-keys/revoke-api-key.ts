import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "../audit/record-audit";

/**
 * Revokes a key at once (the next request with it gets 401). Revoking twice keeps the first time, and only the
 * first is recorded ("api-key.revoke" by `actor`).
 */
export async function revokeApiKey({ id, actor = SYSTEM_ACTOR }: { id: string; actor?: AuditActor }): Promise<{ revokedAt: Date }> {
  return getDb().$transaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    const key = await tx.apiKey.findUnique({ where: { id }, select: { name: true, prefix: true, revokedAt: true } });
    if (!key?.revokedAt) throw new AppError("not_found", "That API key no longer exists.");
    if (count > 0) {
      const target = { type: "api-key", id, label: key.name };
      await recordAudit(tx, { actor, action: "api-key.revoke", target, before: { prefix: key.prefix, revokedAt: null }, after: { prefix: key.prefix, revokedAt: key.revokedAt } });
    }
    return { revokedAt: key.revokedAt };
  });
}
