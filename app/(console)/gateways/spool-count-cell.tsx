import { formatTime } from "@/components/messages/format";
import type { GatewaySpoolCount } from "@/lib/engine/routing/read-gateway-spool-counts";

const LOCAL_EXPLANATION =
  "Messages queued in Outgate for this gateway, held ones included: last tried through it (answered, deferred or failed over), or not tried yet and sent from a domain assigned to it.";

/** The console's one date format (UTC, like the logs): the same on the server and in the browser. */
function timeOf(iso: string): string {
  return formatTime(new Date(iso));
}

/**
 * The grid's Spool Count cell. Two different numbers are labelled apart: what waits in the SmarterMail
 * server's spool, and what waits in Outgate's own queue for a gateway without SmarterMail mode.
 */
export function SpoolCountCell({ count, loading, failure }: { count?: GatewaySpoolCount; loading: boolean; failure: string | null }) {
  if (!count) {
    if (loading) return <span className="hint" aria-busy="true">Loading…</span>;
    return <span className="hint" title={failure ?? "No reading"}>—</span>;
  }
  if (count.source === "outgate") {
    return (
      <span data-spool-source="outgate" title={`${LOCAL_EXPLANATION} Counted at ${timeOf(count.readAt)}.`}>
        {count.queued} queued here
        {count.held > 0 && <span className="hint"> ({count.held} held)</span>}
      </span>
    );
  }
  if (!count.ok) {
    return (
      <span className="badge badge-warn" data-spool-source="smartermail" title={`${count.error.details} (at ${timeOf(count.readAt)})`}>
        SmarterMail: {count.error.message}
      </span>
    );
  }
  return (
    <span
      data-spool-source="smartermail"
      title={`SmarterMail spool: ${count.default} in the spool, ${count.waiting} waiting to retry. Read at ${timeOf(count.readAt)}.`}
    >
      SmarterMail: {count.default} <span className="hint">({count.waiting} waiting)</span>
    </span>
  );
}
