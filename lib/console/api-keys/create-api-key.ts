import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import type { ApiKeyValues } from "../../validation/api-key";
import { generateApiKey } from "./api-key-format";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "../audit/record-audit";

export type CreatedApiKey = { id: string; name: string; prefix: string; /** The plaintext key: returned here once, never stored. */ key: string };

/**
 * Creates a key (only its sha256 is stored) limited to `domainIds`, or for every hosted domain when none is chosen:
 * that choice is stored as `allDomains`, so deleting domains later never turns a limited key into one for all.
 * A chosen domain deleted meanwhile fails the insert's foreign key (one statement, no check-then-write):
 * AppError "validation_failed" on `domainIds`. Recorded as "api-key.create" by `actor` (name, prefix and scope; never the key).
 */
export async function createApiKey({ name, domainIds, perHourLimit, perDayLimit }: ApiKeyValues, actor: AuditActor = SYSTEM_ACTOR): Promise<CreatedApiKey> {
  const ids = [...new Set(domainIds)];
  const { key, prefix, keyHash } = generateApiKey();
  try {
    const created = await getDb().$transaction(async (tx) => {
      const row = await tx.apiKey.create({
        data: { name, prefix, keyHash, allDomains: ids.length === 0, perHourLimit, perDayLimit, domains: { create: ids.map((domainId) => ({ domainId })) } },
        select: { id: true, name: true, prefix: true, allDomains: true, perHourLimit: true, perDayLimit: true },
      });
      await recordAudit(tx, { actor, action: "api-key.create", target: { type: "api-key", id: row.id, label: row.name }, after: { ...row, domainIds: ids } });
      return { id: row.id, name: row.name, prefix: row.prefix };
    });
    return { ...created, key };
  } catch (error) {
    if ((error as { code?: string }).code === "P2003") {
      throw new AppError("validation_failed", "A chosen domain no longer exists.", { domainIds: ["A chosen domain no longer exists; reload the page."] });
    }
    throw error;
  }
}
