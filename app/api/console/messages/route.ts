import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { adminRoute } from "@/lib/http/admin-route";
import { listMessages } from "@/lib/console/messages/list-messages";
import { countMessagesByFilter } from "@/lib/engine/queue/select-messages-by-filter";
import { messageFilterSchema } from "@/lib/validation/message-filter";
import { toMessageRows } from "@/app/(console)/messages/to-message-rows";

export const dynamic = "force-dynamic";

/**
 * The Messages page's Live mode: the newest page for the filter in the query string (the page's own URL params,
 * lib/validation/message-filter.ts) as display rows, and the counts per status. 422 with field errors for a bad
 * filter; 401 without an admin session.
 */
const answerMessages = adminRoute(async (request) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filter = messageFilterSchema.parse(params);
  const [{ items, nextCursor }, counts] = await Promise.all([listMessages({ filter }), countMessagesByFilter(filter)]);
  return Response.json({ rows: toMessageRows(items, new Date()), counts, nextCursor }, { headers: { "cache-control": "no-store" } });
});

export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ GET: answerMessages });
