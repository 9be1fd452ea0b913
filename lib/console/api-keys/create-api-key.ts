import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import type { ApiKeyValues } from "../../validation/api-key";
import { generateApiKey } from "./api-key-format";

export type CreatedApiKey = { id: string; name: string; prefix: string; /** The plaintext key: returned here once, never stored. */ key: string };

/** Creates a key (only its sha256 is stored) limited to `domainIds`, or to every hosted domain when empty. */
export async function createApiKey({ name, domainIds }: ApiKeyValues): Promise<CreatedApiKey> {
  const db = getDb();
  const ids = [...new Set(domainIds)];
  if (ids.length > 0) {
    const found = await db.domain.count({ where: { id: { in: ids } } });
    if (found !== ids.length) {
      throw new AppError("validation_failed", "A chosen domain no longer exists.", { domainIds: ["A chosen domain no longer exists; reload the page."] });
    }
  }
  const { key, prefix, keyHash } = generateApiKey();
  const created = await db.apiKey.create({
    data: { name, prefix, keyHash, domains: { create: ids.map((domainId) => ({ domainId })) } },
    select: { id: true, name: true, prefix: true },
  });
  return { ...created, key };
}
