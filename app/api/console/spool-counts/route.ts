import { adminRoute } from "@/lib/http/admin-route";
import { readGatewaySpoolCounts } from "@/lib/engine/routing/read-gateway-spool-counts";

export const dynamic = "force-dynamic";

/** The grid's Spool Count column, fetched after the page so a slow SmarterMail never holds the page. */
export const GET = adminRoute(async () => {
  const gateways = await readGatewaySpoolCounts();
  return Response.json({ gateways }, { headers: { "cache-control": "no-store" } });
});
