import { GatewayTabs } from "@/components/gateways/gateway-tabs";
import { PageLayout } from "@/components/ui/page-layout";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { getDeliverySettings } from "@/lib/engine/queue/get-delivery-settings";
import { toDeliverySettingsInput } from "@/lib/validation/delivery-settings";
import { updateDeliverySettingsAction } from "./actions";
import { FailoverForm } from "./failover-form";

export default async function GatewayFailoverPage() {
  await requireAdminPage();
  const settings = await getDeliverySettings();
  return (
    <PageLayout
      title="Gateways / Failover"
      description="The SMTP servers Outgate relays through, and what it does when one fails."
      tabs={<GatewayTabs active="failover" />}
    >
      <p>
        When a gateway cannot be reached, refuses TLS or authentication, Outgate tries the next one at once. Messages that a
        gateway defers (4xx) are retried on this schedule until the lifetime is over; then they bounce.
      </p>
      <FailoverForm defaults={toDeliverySettingsInput(settings)} saveAction={updateDeliverySettingsAction} />
    </PageLayout>
  );
}
