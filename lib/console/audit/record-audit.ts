import type { Prisma, PrismaClient } from "../../generated/prisma/client";
import { listChangedSecrets, stripSecrets, type AuditJson } from "./strip-secrets";

/**
 * Who made a change: a signed-in admin (the session adminAction/adminRoute hand to the handler, `{ id, email }`
 * works as is), an API key, or Outgate itself (start-up, a retention sweep, a use case called without an actor).
 */
export type AuditActor =
  | { adminId: string; email: string }
  | { id: string; email: string }
  | { kind: "api-key"; id: string; label: string }
  | { kind: "system"; label?: string };

/** What changed: "gateway", "domain", "api-key", "admin", "settings", "queue", ... with its id and a readable name. */
export type AuditTarget = { type: string; id?: string | null; label?: string | null };

export type AuditEntryInput = {
  actor: AuditActor;
  /** "<area>.<verb>": "gateway.create", "gateway.update", "domain.delete", "queue.hold", "settings.update". */
  action: string;
  target: AuditTarget;
  /** The object before the change (null for a create). Any plain object or Prisma row; secrets are stripped here. */
  before?: object | null;
  /** The object after the change (null for a delete). */
  after?: object | null;
  /** Anything else worth keeping: counts of a bulk action, a reason, the domains a delete moved. */
  detail?: object | null;
  /** Names of secrets the change set (e.g. ["password"]) when before/after cannot show it; never their values. */
  secretsChanged?: string[];
};

/** The actor for changes nobody signed in made. */
export const SYSTEM_ACTOR: AuditActor = { kind: "system" };

/**
 * Writes one audit_log row. Pass the transaction of the change (`tx` inside `db.$transaction(async (tx) => ...)`)
 * so the entry and the change commit or roll back together; passing the client records on its own.
 *
 * Secrets never reach the table, whatever the caller passes: every key that names a secret (password, secret,
 * token, *hash, apiKey, ...) and the keys denied for the target type (strip-secrets.ts AUDIT_DENIED_KEYS) are
 * dropped from before, after and detail. When such a key's value differs between before and after, its name (only)
 * is listed in `detail.secretsChanged`, so "the password changed" is still on record.
 *
 * Throws what Prisma throws (the caller's transaction then rolls back: no change without its entry).
 */
export async function recordAudit(db: PrismaClient | Prisma.TransactionClient, entry: AuditEntryInput): Promise<void> {
  const targetType = entry.target.type;
  const secretsChanged = [...new Set([...(entry.secretsChanged ?? []), ...listChangedSecrets(entry.before, entry.after, targetType)])].sort();
  const detail = entry.detail || secretsChanged.length > 0 ? { ...stripObject(entry.detail, targetType), ...(secretsChanged.length > 0 ? { secretsChanged } : {}) } : null;
  const actor = describeActor(entry.actor);
  await db.auditEntry.create({
    data: {
      actorKind: actor.kind,
      actorAdminId: actor.adminId,
      actorLabel: actor.label,
      action: entry.action,
      targetType,
      targetId: entry.target.id ?? null,
      targetLabel: entry.target.label ?? null,
      before: toJsonColumn(entry.before, targetType),
      after: toJsonColumn(entry.after, targetType),
      detail: detail ?? undefined,
    },
  });
}

function describeActor(actor: AuditActor): { kind: string; adminId: string | null; label: string } {
  if ("adminId" in actor) return { kind: "admin", adminId: actor.adminId, label: actor.email };
  if ("email" in actor) return { kind: "admin", adminId: actor.id, label: actor.email };
  if (actor.kind === "api-key") return { kind: "api-key", adminId: null, label: actor.label };
  return { kind: "system", adminId: null, label: actor.label ?? "Outgate" };
}

function stripObject(value: object | null | undefined, targetType: string): Record<string, AuditJson> {
  const json = stripSecrets(value, targetType);
  return json && typeof json === "object" && !Array.isArray(json) ? json : {};
}

/** Prisma wants `undefined` (SQL NULL) rather than JS null for an optional Json column. */
function toJsonColumn(value: object | null | undefined, targetType: string): Prisma.InputJsonValue | undefined {
  if (value === null || value === undefined) return undefined;
  return stripSecrets(value, targetType) as Prisma.InputJsonValue;
}
