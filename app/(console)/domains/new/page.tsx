import { DomainForm } from "@/components/domains/domain-form";
import { gatewayOptions } from "@/components/domains/gateway-options";
import { PageLayout } from "@/components/ui/page-layout";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { listAssignableGateways } from "@/lib/console/domains/list-assignable-gateways";
import { getDeliverySettings } from "@/lib/engine/queue/get-delivery-settings";
import { createDomainAction } from "../actions";

export default async function NewDomainPage() {
  await requireAdminPage();
  const [gateways, settings] = await Promise.all([listAssignableGateways(), getDeliverySettings()]);
  return (
    <PageLayout title="New domain" description="A domain this server sends for, and the gateway its mail goes through.">
      <DomainForm
        gatewayOptions={gatewayOptions(gateways)}
        defaultFailoverToRoundRobin={settings.defaultFailoverToRoundRobin}
        save={createDomainAction}
      />
    </PageLayout>
  );
}
