import { GatewayTabs } from "@/components/gateways/gateway-tabs";
import { NewAction, PageLayout } from "@/components/ui/page-layout";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { listGateways } from "@/lib/console/gateways/list-gateways";
import { showDomainName } from "@/lib/console/domains/show-domain-name";
import { listGatewayHealth, toGatewayHealthJson } from "@/lib/console/gateways/list-gateway-health";
import { deleteGatewayAction, setGatewayStatusAction, testStoredGatewayConnectionAction } from "./actions";
import { GatewaysGrid } from "./gateways-grid";

export default async function GatewaysPage() {
  await requireAdminPage();
  const [gateways, health] = await Promise.all([listGateways(), listGatewayHealth()]);
  return (
    <PageLayout
      title="Gateways / Failover"
      description="The SMTP servers Outgate relays through, and what it does when one fails."
      action={<NewAction href="/gateways/new" />}
      tabs={<GatewayTabs active="outbound" />}
    >
      {gateways.length === 0 ? (
        <p className="empty">No outbound gateways yet. Add one with New to start relaying mail.</p>
      ) : (
        <GatewaysGrid gateways={gateways.map((gateway) => ({ ...gateway, addressShown: showDomainName(gateway.address) }))} health={health.map(toGatewayHealthJson)} setStatusAction={setGatewayStatusAction} deleteAction={deleteGatewayAction} testAction={testStoredGatewayConnectionAction} />
      )}
    </PageLayout>
  );
}
