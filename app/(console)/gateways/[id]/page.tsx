import { notFound } from "next/navigation";
import { GatewayForm } from "@/components/gateways/gateway-form";
import { GatewayTabs } from "@/components/gateways/gateway-tabs";
import { PageLayout } from "@/components/ui/page-layout";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { GATEWAY_SESSION_FACTS } from "@/lib/console/gateways/session-columns";
import { getGatewayForEdit } from "@/lib/console/gateways/get-gateway-for-edit";
import { sendTestMessageAction, testGatewayConnectionAction, testSmarterMailConnectionAction, updateGatewayAction } from "../actions";

export default async function EditGatewayPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminPage();
  const { id } = await params;
  const gateway = await getGatewayForEdit({ id });
  if (!gateway) notFound();
  return (
    <PageLayout title="Edit outbound gateway" description="An SMTP server Outgate relays mail through." tabs={<GatewayTabs active="outbound" />}>
      <GatewayForm
        gatewayId={gateway.id}
        defaultValues={gateway.values}
        stored={{ authPasswordFor: gateway.authPasswordFor, smartermailPasswordFor: gateway.smartermailPasswordFor }}
        session={GATEWAY_SESSION_FACTS}
        save={updateGatewayAction}
        testConnectionAction={testSmarterMailConnectionAction}
        testGatewayAction={testGatewayConnectionAction}
        sendTestMessageAction={sendTestMessageAction}
      />
    </PageLayout>
  );
}
