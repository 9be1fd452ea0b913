import Link from "next/link";
import { StatusBadge } from "@/components/messages/status-badge";
import type { MessageRow } from "./to-message-rows";

type MessagesTableProps = {
  rows: MessageRow[];
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onToggleAll: (checked: boolean) => void;
};

/** The grid of messages, text already made safe on the server (to-message-rows.ts); a checkbox per row for bulk actions. */
export function MessagesTable({ rows, selected, onToggle, onToggleAll }: MessagesTableProps) {
  if (rows.length === 0) {
    return (
      <div className="empty" data-testid="messages-empty">
        No messages match. Applications submit them through POST /api/v1/messages.
      </div>
    );
  }
  const allChecked = rows.every((row) => selected.has(row.id));
  return (
    <table className="grid" data-testid="messages-grid">
      <thead>
        <tr>
          <th scope="col">
            <input type="checkbox" aria-label="Select every message on this page" checked={allChecked} onChange={(event) => onToggleAll(event.target.checked)} data-testid="select-all-messages" />
          </th>
          <th scope="col">Status</th>
          <th scope="col">Sender</th>
          <th scope="col">Recipients</th>
          <th scope="col">Subject</th>
          <th scope="col">Gateway</th>
          <th scope="col" title="Delivery attempts recorded, as listed on the message's page">
            Attempts
          </th>
          <th scope="col">Age</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-testid="message-row" data-id={row.id}>
            <td>
              <input type="checkbox" aria-label={`Select ${row.subject}`} checked={selected.has(row.id)} onChange={() => onToggle(row.id)} data-testid="select-message" />
            </td>
            <td>
              <StatusBadge status={row.status} />
            </td>
            <td>
              {row.sender}
              {row.arrival && (
                <div className="hint" data-testid="message-arrival">
                  {row.arrival}
                </div>
              )}
            </td>
            <td>
              {row.recipients}
              {row.moreRecipients > 0 && <span className="hint"> +{row.moreRecipients} more</span>}
            </td>
            <td>
              <Link href={`/messages/${row.id}`}>{row.subject}</Link>
              {row.lastError && (
                <div className="hint" data-testid="message-last-error">
                  {row.lastError}
                </div>
              )}
            </td>
            <td data-testid="message-gateway">
              {row.gateway ?? "—"}
              {row.gateway && row.gatewayIsLastTried && <div className="hint">last tried</div>}
            </td>
            <td data-testid="message-tries">{row.tries}</td>
            <td title={row.createdAt}>{row.age}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
