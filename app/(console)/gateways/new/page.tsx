import { GatewayForm } from "@/components/gateways/gateway-form";
import { GatewayTabs } from "@/components/gateways/gateway-tabs";
import { PageLayout } from "@/components/ui/page-layout";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { GATEWAY_SESSION_FACTS } from "@/lib/console/gateways/session-columns";
import { createGatewayAction, sendTestMessageAction, testGatewayConnectionAction, testSmarterMailConnectionAction } from "../actions";

export default async function NewGatewayPage() {
  await requireAdminPage();
  return (
    <PageLayout title="New outbound gateway" description="An SMTP server Outgate relays mail through." tabs={<GatewayTabs active="outbound" />}>
      <GatewayForm
        save={createGatewayAction}
        session={GATEWAY_SESSION_FACTS}
        testConnectionAction={testSmarterMailConnectionAction}
        testGatewayAction={testGatewayConnectionAction}
        sendTestMessageAction={sendTestMessageAction}
      />
    </PageLayout>
  );
}
