import { getDb } from "../../platform/db";
import { domainNotFoundError } from "./domain-errors";

/**
 * Removes a hosted domain. API keys limited to it lose it from their list; a key whose list becomes empty sends for
 * nothing (ApiKey.allDomains is what grants every domain, never an empty list), so no check-then-delete is needed
 * and concurrent deletes cannot widen a key. Throws the not-found AppError when the domain is already gone.
 */
export async function deleteDomain({ id }: { id: string }): Promise<void> {
  const { count } = await getDb().domain.deleteMany({ where: { id } });
  if (count === 0) throw domainNotFoundError();
}
