import { stringify } from "csv-stringify/sync";
import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { adminRoute } from "@/lib/http/admin-route";
import { EXPORT_MAX_ROWS, readMessageExportBatches, type MessageExportRow } from "@/lib/console/messages/read-message-export-batches";
import { log } from "@/lib/platform/log";
import { messageFilterSchema } from "@/lib/validation/message-filter";

export const dynamic = "force-dynamic";

const COLUMNS = ["id", "created_at", "status", "message_id", "sender", "sender_domain", "recipients", "subject", "gateway", "attempts", "last_error", "completed_at"];

/**
 * A spreadsheet opens a cell starting with = + - @ (or a tab/CR) as a formula (OWASP "CSV injection"); client-written
 * text (subjects, addresses, SMTP answers) gets a leading ' so it stays text.
 */
function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function toRecord(row: MessageExportRow): string[] {
  return [
    row.id,
    row.createdAt.toISOString(),
    row.status,
    row.messageId,
    row.envelopeFrom,
    row.senderDomain,
    row.recipients.join("; "),
    row.subject ?? "",
    row.gateway ?? "",
    String(row.tries),
    row.lastError ?? "",
    row.completedAt?.toISOString() ?? "",
  ].map(neutralise);
}

/**
 * GET /api/console/messages/csv?<the Messages page's filter params>: the matching messages as CSV (RFC 4180, UTF-8),
 * newest first, streamed in batches of 1,000 up to EXPORT_MAX_ROWS; a larger match ends with a line saying it was
 * cut. Admin session only (401); a bad filter is 422 with field errors before anything is streamed.
 */
const answerCsv = adminRoute(async (request) => {
  const filter = messageFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const batches = readMessageExportBatches(filter, { maxRows: EXPORT_MAX_ROWS + 1 });
  const encoder = new TextEncoder();
  let written = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(stringify([COLUMNS], { record_delimiter: "windows" })));
    },
    async pull(controller) {
      try {
        const next = await batches.next();
        if (next.done) return controller.close();
        const rows = next.value.slice(0, Math.max(0, EXPORT_MAX_ROWS - written));
        written += rows.length;
        if (rows.length > 0) controller.enqueue(encoder.encode(stringify(rows.map(toRecord), { record_delimiter: "windows" })));
        if (rows.length < next.value.length) {
          controller.enqueue(encoder.encode(stringify([[`# Cut at ${EXPORT_MAX_ROWS} rows: narrow the filter (e.g. a date range) to export the rest.`]], { record_delimiter: "windows" })));
          await batches.return(undefined);
          controller.close();
        }
      } catch (error) {
        log("error", "messages.csv_failed", { error });
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  const stamp = new Date().toISOString().replace(/[:]/g, "-").slice(0, 19);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="outgate-messages-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
});

export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ GET: answerCsv });
