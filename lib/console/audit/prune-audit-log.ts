import { getDb } from "../../platform/db";
import { recordAudit } from "./record-audit";

const DAY_MS = 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Deletes the audit entries older than `retentionDays` days before `now` (0 keeps everything) and records how many
 * went as an "audit.prune" entry by the system, in the same transaction. Returns the number deleted.
 */
export async function pruneAuditLog({ retentionDays, now = new Date() }: { retentionDays: number; now?: Date }): Promise<number> {
  if (retentionDays <= 0) return 0;
  const olderThan = new Date(now.getTime() - retentionDays * DAY_MS);
  return getDb().$transaction(async (tx) => {
    const { count } = await tx.auditEntry.deleteMany({ where: { at: { lt: olderThan } } });
    if (count > 0) {
      await recordAudit(tx, { actor: { kind: "system", label: "Audit retention" }, action: "audit.prune", target: { type: "audit" }, detail: { deleted: count, olderThan, retentionDays } });
    }
    return count;
  });
}

/**
 * Prunes now and then every hour (OUTGATE_AUDIT_RETENTION_DAYS); nothing runs when it is 0. The timer never keeps the
 * process alive, and a failed prune is logged and tried again at the next hour.
 */
export function startAuditPruner(retentionDays: number): { stop: () => void } {
  if (retentionDays <= 0) return { stop: () => {} };
  const prune = () => void pruneAuditLog({ retentionDays }).catch((error: Error) => console.error(`[outgate] audit log prune failed: ${error.message}`));
  prune();
  const timer = setInterval(prune, PRUNE_EVERY_MS).unref();
  return { stop: () => clearInterval(timer) };
}
