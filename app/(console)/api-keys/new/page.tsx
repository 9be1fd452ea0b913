import { PageLayout } from "@/components/ui/page-layout";
import { listDomainNames } from "@/lib/console/domains/list-domain-names";
import { showDomainName } from "@/lib/console/domains/show-domain-name";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { createApiKeyAction } from "../actions";
import { NewApiKey } from "../new-api-key";

export default async function NewApiKeyPage() {
  await requireAdminPage();
  const domains = await listDomainNames();
  return (
    <PageLayout title="New API key" description="Applications send mail through POST /api/v1/messages with a key; it is shown once, when it is created.">
      <NewApiKey domains={domains.map((domain) => ({ ...domain, name: showDomainName(domain.name) }))} createAction={createApiKeyAction} />
    </PageLayout>
  );
}
