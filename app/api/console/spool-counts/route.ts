import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { adminRoute } from "@/lib/http/admin-route";
import { readGatewaySpoolCounts } from "@/lib/engine/routing/read-gateway-spool-counts";

export const dynamic = "force-dynamic";

/** The grid's Spool Count column, fetched after the page so a slow SmarterMail never holds the page. */
const answerSpoolCounts = adminRoute(async () => {
  const gateways = await readGatewaySpoolCounts();
  return Response.json({ gateways }, { headers: { "cache-control": "no-store" } });
});

export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ GET: answerSpoolCounts });
