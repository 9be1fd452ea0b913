import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { domainNotFoundError } from "./domain-errors";

/**
 * Removes a hosted domain. Refused while an API key is limited to this domain alone: deleting it would
 * empty the key's list, and a key with no domains may send for every domain (see ApiKeyDomain).
 */
export async function deleteDomain({ id }: { id: string }): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const soleKeys = await tx.apiKey.count({
      where: { revokedAt: null, domains: { some: { domainId: id }, every: { domainId: id } } },
    });
    if (soleKeys > 0) {
      throw new AppError("conflict", "An API key is limited to this domain only. Change or revoke that key first.");
    }
    const { count } = await tx.domain.deleteMany({ where: { id } });
    if (count === 0) throw domainNotFoundError();
  });
}
