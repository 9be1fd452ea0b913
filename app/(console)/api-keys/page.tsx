import { NewAction, PageLayout } from "@/components/ui/page-layout";
import { listApiKeys } from "@/lib/console/api-keys/list-api-keys";
import { showDomainName } from "@/lib/console/domains/show-domain-name";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { revokeApiKeyAction } from "./actions";
import { ApiKeysGrid } from "./api-keys-grid";
import type { ApiKeyRow } from "./types";

export default async function ApiKeysPage() {
  await requireAdminPage();
  const keys = await listApiKeys();
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
    <PageLayout title="API Keys" description="Applications send mail through POST /api/v1/messages with one of these keys." action={<NewAction href="/api-keys/new" />}>
      <ApiKeysGrid keys={rows} revokeAction={revokeApiKeyAction} />
    </PageLayout>
  );
}
