import { domainDisplayName, gatewayDisplayName } from "@/components/domains/labels";
import { NewAction, PageLayout } from "@/components/ui/page-layout";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { listDomains } from "@/lib/console/domains/list-domains";
import { deleteDomainAction } from "./actions";
import { DomainsGrid, type DomainRow } from "./domains-grid";

export default async function DomainsPage() {
  await requireAdminPage();
  const domains = await listDomains();
  const rows: DomainRow[] = domains.map((domain) => ({
    id: domain.id,
    name: domain.name,
    displayName: domainDisplayName(domain),
    gateway: domain.gateway && {
      label: gatewayDisplayName(domain.gateway),
      enabled: domain.gateway.enabled,
      failoverToRoundRobin: domain.failoverToRoundRobin,
    },
  }));
  return (
    <PageLayout title="Domains" description="The hosted domains this server sends for, and the gateway each one uses." action={<NewAction href="/domains/new" />}>
      <DomainsGrid domains={rows} deleteAction={deleteDomainAction} />
    </PageLayout>
  );
}
