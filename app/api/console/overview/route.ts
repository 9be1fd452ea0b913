import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { adminRoute } from "@/lib/http/admin-route";
import { readOverview } from "@/lib/console/overview/read-overview";

export const dynamic = "force-dynamic";

/** The overview page's numbers and charts, polled every few seconds by the page (overview-dashboard.tsx). */
const answerOverview = adminRoute(async () => {
  const overview = await readOverview();
  return Response.json(overview, { headers: { "cache-control": "no-store" } });
});

export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ GET: answerOverview });
