import Link from "next/link";
import type { MessageListItem } from "@/lib/console/messages/list-messages";
import { formatAge, formatTime } from "@/components/messages/format";
import { StatusBadge } from "@/components/messages/status-badge";
import { showAddress } from "@/lib/console/domains/show-domain-name";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";

export function MessagesTable({ messages, now }: { messages: MessageListItem[]; now: Date }) {
  if (messages.length === 0) {
    return (
      <div className="empty" data-testid="messages-empty">
        No messages here yet. Applications submit them through POST /api/v1/messages.
      </div>
    );
  }
  return (
    <table className="grid" data-testid="messages-grid">
      <thead>
        <tr>
          <th scope="col">Status</th>
          <th scope="col">Sender</th>
          <th scope="col">Recipients</th>
          <th scope="col">Subject</th>
          <th scope="col">Gateway</th>
          <th scope="col">Attempts</th>
          <th scope="col">Age</th>
        </tr>
      </thead>
      <tbody>
        {messages.map((message) => {
          const more = message.recipientCount - message.recipients.length;
          return (
            <tr key={message.id} data-testid="message-row" data-id={message.id}>
              <td>
                <StatusBadge status={message.status} />
              </td>
              <td>{message.envelopeFrom ? showAddress(message.envelopeFrom) : "<> (bounce)"}</td>
              <td>
                {message.recipients.map(showAddress).join(", ")}
                {more > 0 && <span className="hint"> +{more} more</span>}
              </td>
              <td>
                <Link href={`/messages/${message.id}`}>{message.subject ? revealBidiControls(message.subject) : "(no subject)"}</Link>
                {message.status === "QUEUED" && message.lastError && (
                  <div className="hint" data-testid="message-last-error">
                    {revealBidiControls(message.lastError)}
                  </div>
                )}
              </td>
              <td>{message.gatewayLabel ? revealBidiControls(message.gatewayLabel) : "—"}</td>
              <td>{message.attempts}</td>
              <td title={formatTime(message.createdAt)}>{formatAge(message.createdAt, now)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
