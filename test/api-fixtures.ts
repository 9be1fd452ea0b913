import { createApiKey } from "../lib/console/api-keys/create-api-key";
import { getDb } from "../lib/platform/db";

/** Hosted domains (Domain rows) by name, created directly: the API tests do not depend on the Domains feature. */
export async function createHostedDomains(...names: string[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const name of names) ids[name] = (await getDb().domain.create({ data: { name }, select: { id: true } })).id;
  return ids;
}

/** A real API key (stored hashed) and the Authorization header that carries it. */
export async function createTestApiKey({ name = "test key", domainIds = [] as string[] } = {}) {
  const created = await createApiKey({ name, domainIds });
  return { ...created, authorization: `Bearer ${created.key}` };
}
