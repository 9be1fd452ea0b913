import { explainRoute } from "../../console/routing/explain-route";
import { routeExplainQuerySchema, type RouteExplanation } from "../../validation/route-explain";
import { adminApiRoute } from "./admin-api-route";

/**
 * GET /api/v1/admin/route-explain?sender=…&recipient=…: which gateway the next message from `sender` would take and
 * why, step by step (the console's Route explain). 200 with a RouteExplanation; 401 without an admin's access
 * token; 422 with field errors for an address that is not one.
 */
export const answerRouteExplain = adminApiRoute(async (request) => {
  const url = new URL(request.url);
  const query = routeExplainQuerySchema.parse({ sender: url.searchParams.get("sender") ?? "", recipient: url.searchParams.get("recipient") ?? undefined });
  const explanation: RouteExplanation = await explainRoute(query);
  return Response.json(explanation);
});
