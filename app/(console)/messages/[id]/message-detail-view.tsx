import Link from "next/link";
import type { MessageDetail } from "@/lib/console/messages/get-message-detail";
import { formatTime } from "@/components/messages/format";
import { StatusBadge } from "@/components/messages/status-badge";
import { showAddress } from "@/lib/console/domains/show-domain-name";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";
import { describeAttempt } from "./describe-attempt";
import { describeNextAttempt, describePendingAction } from "./describe-next-attempt";
import { describeDsnRequest } from "@/lib/console/messages/describe-dsn-request";
import { SmtpArrival } from "./smtp-arrival";

/** A message's summary, its recipients and every delivery attempt, oldest first. */
export function MessageDetailView({ message, movedToLabel }: { message: MessageDetail; /** The gateway it was moved to, by name; null when that gateway is disabled, draining or gone. */ movedToLabel?: string | null }) {
  const now = new Date();
  const summary: [string, React.ReactNode][] = [
    ["Status", <StatusBadge key="status" status={message.status} />],
    ["Message-ID", <code key="id">{`<${message.messageId}>`}</code>],
    // Client- and admin-written text is shown with its bidi controls visible, addresses with both IDN forms.
    ["Sender", message.envelopeFrom ? showAddress(message.envelopeFrom) : "<> (bounce)"],
    ["Subject", message.subject ? revealBidiControls(message.subject) : "(no subject)"],
    ["Size", `${message.size.toLocaleString("en")} bytes`],
    ["API key", message.apiKey ? `${revealBidiControls(message.apiKey.name)} (${message.apiKey.prefix}…)` : message.isBounce ? "— (bounce)" : "—"],
    // Tries, not claims: the rows of Delivery attempts below, the number the Messages list shows too.
    ["Attempts", message.deliveryLog.length],
    ["Created", formatTime(message.createdAt)],
    describeNextAttempt(message, now),
  ];
  if (message.status === "HELD") {
    // Who held it and why: the reason is admin-written text, shown with its bidi controls visible.
    summary.push(["Held", `by ${message.heldBy ?? "an admin"}${message.heldAt ? ` at ${formatTime(message.heldAt)}` : ""}`]);
    summary.push(["Hold reason", <span key="reason" data-testid="hold-reason-shown">{message.holdReason ? revealBidiControls(message.holdReason) : "(none given)"}</span>]);
  }
  if (message.submittedVia === "smtp") summary.push(["Submitted", <SmtpArrival key="arrival" message={message} />]);
  // RFC 3461: what the sending server asked to hear about (NOTIFY, RET, ENVID, ORCPT), in plain words.
  const dsnRequest = describeDsnRequest(message);
  if (dsnRequest) summary.push(["Delivery notices", <span key="dsn-request" data-testid="dsn-request">{revealBidiControls(dsnRequest)}</span>]);
  // A DSN and the message it reports on link to each other (messages.bounce_of_id).
  if (message.bounceOfId) summary.push(["Reports on", <Link key="original" href={`/messages/${message.bounceOfId}`} data-testid="dsn-original-link">the original message</Link>]);
  if (message.bounces.length > 0) {
    summary.push([
      "Delivery status notification",
      <span key="dsns">
        {message.bounces.map((bounce, index) => (
          <Link key={bounce.id} href={`/messages/${bounce.id}`} data-testid="dsn-link" style={{ marginRight: "0.5rem" }}>
            {message.bounces.length > 1 ? `DSN ${index + 1}` : "the DSN sent to the sender"}
          </Link>
        ))}
      </span>,
    ]);
  }
  if (message.movedToGatewayId) {
    const moved = movedToLabel ? `${revealBidiControls(movedToLabel)}, tried first; its usual route is the failover` : "A gateway that is disabled, draining or deleted: routed as usual";
    summary.push(["Moved to", <span key="moved" data-testid="moved-to">{moved}</span>]);
  }
  if (message.pendingAction) summary.push(["Waiting action", describePendingAction((message.pendingAction as { action?: string }).action ?? "an action", message, now)]);
  if (message.lastError) summary.push(["Last error", revealBidiControls(message.lastError)]);

  return (
    <>
      <table className="grid" data-testid="message-summary">
        <tbody>
          {summary.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Recipients</h2>
      <table className="grid" data-testid="message-recipients">
        <thead>
          <tr>
            <th scope="col">Address</th>
            <th scope="col">Status</th>
            <th scope="col">SMTP code</th>
            <th scope="col">Response</th>
          </tr>
        </thead>
        <tbody>
          {message.recipients.map((recipient) => (
            <tr key={recipient.id.toString()} data-testid="recipient-row" data-address={recipient.address}>
              <td>{showAddress(recipient.address)}</td>
              <td>
                <StatusBadge status={recipient.status} />
              </td>
              <td>{recipient.smtpCode ?? "—"}</td>
              <td>{recipient.smtpResponse ? revealBidiControls(recipient.smtpResponse) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Delivery attempts</h2>
      {message.deliveryLog.length === 0 ? (
        <div className="empty" data-testid="attempts-empty">
          No delivery attempt yet.
        </div>
      ) : (
        <table className="grid" data-testid="message-attempts">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Gateway</th>
              <th scope="col">Outcome and cause</th>
              <th scope="col">SMTP code</th>
              <th scope="col">Response</th>
              <th scope="col">Recipients</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {message.deliveryLog.map((attempt) => (
              <tr key={attempt.id.toString()} data-testid="attempt-row">
                <td>{formatTime(attempt.startedAt)}</td>
                <td>{revealBidiControls(attempt.gatewayLabel)}</td>
                <td>
                  <StatusBadge status={attempt.outcome} />
                  {/* The cause in plain words; the gateway's raw answer stays in the Response column. */}
                  <div className="attempt-cause" data-testid="attempt-cause">
                    {revealBidiControls(describeAttempt(attempt))}
                  </div>
                </td>
                <td>{attempt.smtpCode ?? "—"}</td>
                <td>{revealBidiControls(attempt.response)}</td>
                <td>{attempt.recipients.map(showAddress).join(", ")}</td>
                <td>{attempt.durationMs} ms</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
