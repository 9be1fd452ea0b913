import { GatewayForm } from "@/components/gateways/gateway-form";
import { GatewayTabs } from "@/components/gateways/gateway-tabs";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { createGatewayAction, testSmarterMailConnectionAction } from "../actions";

export default async function NewGatewayPage() {
  await requireAdminPage();
  return (
    <>
      <h1>New outbound gateway</h1>
      <GatewayTabs active="outbound" />
      <GatewayForm save={createGatewayAction} testConnectionAction={testSmarterMailConnectionAction} />
    </>
  );
}
