import { notFound } from "next/navigation";
import { z } from "zod";
import { DomainForm } from "@/components/domains/domain-form";
import { gatewayOptions } from "@/components/domains/gateway-options";
import { domainDisplayName } from "@/components/domains/labels";
import { PageLayout } from "@/components/ui/page-layout";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { getDomain } from "@/lib/console/domains/get-domain";
import { listAssignableGateways } from "@/lib/console/domains/list-assignable-gateways";
import { deleteDomainAction, updateDomainAction } from "../actions";

export default async function EditDomainPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminPage();
  const { id } = await params;
  // The column is a UUID: anything else can only be a wrong address, not a query error.
  if (!z.uuid().safeParse(id).success) notFound();
  const [domain, gateways] = await Promise.all([getDomain(id), listAssignableGateways()]);
  if (!domain) notFound();
  const displayName = domainDisplayName(domain);
  return (
    <PageLayout title={`Edit domain ${displayName}`} description="The gateway this domain's mail goes through, and what happens when it fails.">
      <DomainForm
        key={domain.id}
        gatewayOptions={gatewayOptions(gateways, domain.gateway)}
        defaultFailoverToRoundRobin={domain.failoverToRoundRobin}
        domain={{
          id: domain.id,
          name: domain.unicodeName ?? domain.name,
          displayName,
          gatewayId: domain.gatewayId,
          failoverToRoundRobin: domain.failoverToRoundRobin,
          perHourLimit: domain.perHourLimit,
          perDayLimit: domain.perDayLimit,
          limitAction: domain.limitAction,
        }}
        save={updateDomainAction}
        deleteAction={deleteDomainAction}
      />
    </PageLayout>
  );
}
