import Link from "next/link";

/**
 * What an empty Messages grid means. With a filter (any field, a status tab too): only that nothing matches it —
 * the queue may be full — and the way back to every message. Without one: that no mail has come in yet, and how
 * mail comes in. A new user read the old single text ("No messages match. Applications submit them…") as an
 * empty queue after a search that matched nothing.
 */
export function NoMessages({ filtered }: { filtered: boolean }) {
  if (filtered) {
    return (
      <div className="empty" data-testid="messages-empty">
        No messages match these filters.{" "}
        <Link href="/messages" data-testid="messages-clear-filters">
          Clear filters
        </Link>
      </div>
    );
  }
  return (
    <div className="empty" data-testid="messages-empty">
      No messages yet. Applications submit them through POST /api/v1/messages, mail servers over SMTP.
    </div>
  );
}
