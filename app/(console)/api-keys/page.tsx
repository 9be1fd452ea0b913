import { listApiKeys } from "@/lib/console/api-keys/list-api-keys";
import { listDomainNames } from "@/lib/console/domains/list-domain-names";
import { showDomainName } from "@/lib/console/domains/show-domain-name";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";
import { ApiKeysGrid } from "./api-keys-grid";
import { NewApiKey } from "./new-api-key";
import type { ApiKeyRow } from "./types";

export default async function ApiKeysPage() {
  await requireAdminPage();
  const [keys, domains] = await Promise.all([
    listApiKeys(),
    listDomainNames(),
  ]);
  const rows: ApiKeyRow[] = keys.map((key) => ({
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    allDomains: key.allDomains,
    // IDNs in both forms: the browser has no punycode decoder.
    domains: key.domains.map((domain) => showDomainName(domain.name)),
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  }));
  return (
    <>
      <h1>API Keys</h1>
      <NewApiKey domains={domains.map((domain) => ({ ...domain, name: showDomainName(domain.name) }))} createAction={createApiKeyAction} />
      <ApiKeysGrid keys={rows} revokeAction={revokeApiKeyAction} />
    </>
  );
}
