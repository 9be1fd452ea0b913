import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { adminRoute } from "@/lib/http/admin-route";
import { listGatewayHealth, toGatewayHealthJson } from "@/lib/console/gateways/list-gateway-health";

export const dynamic = "force-dynamic";

/** The grid's Health column, refreshed every few seconds so a gateway going down shows without a reload. */
const answerGatewayHealth = adminRoute(async () => {
  const gateways = (await listGatewayHealth()).map(toGatewayHealthJson);
  return Response.json({ gateways }, { headers: { "cache-control": "no-store" } });
});

export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ GET: answerGatewayHealth });
