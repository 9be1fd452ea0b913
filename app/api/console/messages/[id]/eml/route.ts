import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { adminRoute } from "@/lib/http/admin-route";
import { readMessageRaw } from "@/lib/console/messages/read-message-source";
import { AppError } from "@/lib/platform/errors";
import { log } from "@/lib/platform/log";

export const dynamic = "force-dynamic";

/**
 * GET /api/console/messages/<id>/eml: the message exactly as stored (the octets Outgate sends) as a download,
 * message/rfc822 (RFC 2046 §5.2.1), attachment, nosniff, never cached. Admin session only (401); unknown id 404.
 * Not an audit entry — reading changes nothing, and the audit log records changes — but every download is logged
 * with the admin and the message, since it hands mail content out of the console.
 */
const answerEml = adminRoute(async (request, { admin }) => {
  const id = new URL(request.url).pathname.split("/").at(-2) ?? "";
  const message = await readMessageRaw(id);
  if (!message) throw new AppError("not_found", "No such message.");
  log("info", "messages.source_downloaded", { id, messageId: message.messageId, admin: admin.email, bytes: message.raw.length });
  return new Response(new Uint8Array(message.raw), {
    headers: {
      "content-type": "message/rfc822",
      // The id is a uuid (checked by readMessageRaw), so the file name needs no quoting beyond the quotes.
      "content-disposition": `attachment; filename="message-${id}.eml"`,
      "content-length": String(message.raw.length),
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
    },
  });
});

export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ GET: answerEml });
