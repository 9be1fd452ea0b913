import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { adminTokenRoute } from "@/lib/http/smartermail-api/admin-token-route";
import { countOutgateSpool } from "@/lib/console/messages/count-outgate-spool";

export const dynamic = "force-dynamic";

/**
 * SmarterMail's spool counts, from Outgate's own queue. Outgate has no virus/spam/throttle spools, so those
 * are always 0; the names are SmarterMail's so its clients read them unchanged.
 */
const answerSpoolMessageCounts = adminTokenRoute(async () => {
  const counts = await countOutgateSpool();
  return Response.json({
    counts: { ...counts, virus: 0, spam: 0, quarantine: 0, throttledUsers: 0, throttledDomains: 0 },
    success: true,
    message: "",
  });
});

export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ GET: answerSpoolMessageCounts });
