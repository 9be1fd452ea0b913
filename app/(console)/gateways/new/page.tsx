import { GatewayTabs } from "@/components/gateways/gateway-tabs";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { GatewayForm } from "../gateway-form";

export default async function NewGatewayPage() {
  await requireAdminPage();
  return (
    <>
      <h1>New outbound gateway</h1>
      <GatewayTabs active="outbound" />
      <GatewayForm />
    </>
  );
}
