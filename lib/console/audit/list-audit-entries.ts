import type { Prisma } from "../../generated/prisma/client";
import { getDb } from "../../platform/db";
import type { AuditFilter } from "../../validation/audit-filter";

export type AuditListItem = {
  id: string;
  at: Date;
  actorKind: string;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  targetLabel: string | null;
  before: Prisma.JsonValue;
  after: Prisma.JsonValue;
  detail: Prisma.JsonValue;
};

export const AUDIT_PAGE_SIZE = 50;

/**
 * One page of the audit log, newest first (by id, which grows with time), for `filter` (lib/validation/audit-filter).
 * `nextCursor` is the id to pass as `filter.cursor` for the next (older) page, null on the last one. Ids are bigint
 * in the table and decimal strings here.
 */
export async function listAuditEntries(filter: AuditFilter, pageSize = AUDIT_PAGE_SIZE): Promise<{ items: AuditListItem[]; nextCursor: string | null }> {
  const rows = await getDb().auditEntry.findMany({
    where: toAuditWhere(filter),
    orderBy: { id: "desc" },
    take: pageSize + 1,
    select: { id: true, at: true, actorKind: true, actorLabel: true, action: true, targetType: true, targetId: true, targetLabel: true, before: true, after: true, detail: true },
  });
  const page = rows.slice(0, pageSize).map((row) => ({ ...row, id: row.id.toString() }));
  return { items: page, nextCursor: rows.length > pageSize ? page[page.length - 1].id : null };
}

/** The filter as a Prisma where: every field narrows (AND). */
export function toAuditWhere(filter: AuditFilter): Prisma.AuditEntryWhereInput {
  const and: Prisma.AuditEntryWhereInput[] = [];
  if (filter.actor) and.push({ actorLabel: filter.actor });
  // An area ("gateway.*") is every action under it, whatever the target type (a queue action targets messages).
  if (filter.action?.endsWith(".*")) and.push({ action: { startsWith: filter.action.slice(0, -1) } });
  else if (filter.action) and.push({ action: filter.action });
  if (filter.target) and.push({ OR: [{ targetId: filter.target }, { targetLabel: { contains: filter.target, mode: "insensitive" } }] });
  if (filter.from) and.push({ at: { gte: filter.from } });
  // "to" is a whole UTC day, included.
  if (filter.to) and.push({ at: { lt: new Date(filter.to.getTime() + 86_400_000) } });
  if (filter.cursor) and.push({ id: { lt: BigInt(filter.cursor) } });
  return { AND: and };
}

const MAX_OPTIONS = 500;

/**
 * The actors and actions seen so far, for the filter's drop-downs (one row per admin and per action). GROUP BY in SQL
 * (Prisma's `distinct` would read every row into the client); each an index-only scan of its index.
 */
export async function listAuditFilterOptions(): Promise<{ actors: string[]; actions: string[] }> {
  const db = getDb();
  const [actors, actions] = await Promise.all([
    db.auditEntry.groupBy({ by: ["actorLabel"], orderBy: { actorLabel: "asc" }, take: MAX_OPTIONS }),
    db.auditEntry.groupBy({ by: ["action"], orderBy: { action: "asc" }, take: MAX_OPTIONS }),
  ]);
  return { actors: actors.map((row) => row.actorLabel), actions: actions.map((row) => row.action) };
}
