import { getDb } from "../../platform/db";
import { domainNotFoundError } from "./domain-errors";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "../audit/record-audit";

/**
 * Removes a hosted domain. API keys limited to it lose it from their list; a key whose list becomes empty sends for
 * nothing (ApiKey.allDomains is what grants every domain, never an empty list), so no check-then-delete is needed
 * and concurrent deletes cannot widen a key. Throws the not-found AppError when the domain is already gone.
 * Recorded as "domain.delete" by `actor` with the row as it was.
 */
export async function deleteDomain({ id, actor = SYSTEM_ACTOR }: { id: string; actor?: AuditActor }): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const [before] = await tx.domain.findMany({ where: { id } });
    const { count } = await tx.domain.deleteMany({ where: { id } });
    if (count === 0 || !before) throw domainNotFoundError();
    await recordAudit(tx, { actor, action: "domain.delete", target: { type: "domain", id, label: before.name }, before });
  });
}
