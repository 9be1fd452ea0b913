import { adminRoute } from "@/lib/auth/admin-route";
import { readGatewaySpoolCounts } from "@/lib/gateways/read-gateway-spool-counts";

export const dynamic = "force-dynamic";

/** The grid's Spool Count column, fetched after the page so a slow SmarterMail never holds the page. */
export const GET = adminRoute(async () => {
  const gateways = await readGatewaySpoolCounts();
  return Response.json({ gateways }, { headers: { "cache-control": "no-store" } });
});
