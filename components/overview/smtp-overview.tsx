import type { SmtpActivity } from "@/lib/console/overview/read-smtp-activity";

/** The last minutes shown as rows: enough to see a burst or a wave of refusals without a chart. */
const RECENT_MINUTES = 10;

const time = (iso: string) => iso.slice(11, 16);

/**
 * The overview's SMTP section (issue 16): sessions open now, transactions accepted and refusals (each smtp.rejected
 * log line counts once), over every listener process (the counts come from PostgreSQL,
 * lib/console/overview/read-smtp-activity.ts).
 */
export function SmtpOverview({ smtp }: { smtp: SmtpActivity }) {
  const recent = smtp.perMinute.at.map((at, i) => ({ at, accepted: smtp.perMinute.accepted[i], rejected: smtp.perMinute.rejected[i] })).slice(-RECENT_MINUTES).reverse();
  return (
    <section aria-labelledby="overview-smtp">
      <h2 id="overview-smtp">SMTP</h2>
      {smtp.listeners === 0 && <p className="empty">No SMTP listener has reported in the last 30 seconds.</p>}
      <div className="stats">
        <div className="stat" title="Open SMTP sessions over every listener process">
          <div className="stat-label">Sessions now</div>
          <div className="stat-value" data-testid="overview-smtp-sessions">{smtp.sessionsNow.toLocaleString("en-US")}</div>
        </div>
        <div className="stat" title="Messages answered 250 (committed) in the last hour">
          <div className="stat-label">Accepted, last hour</div>
          <div className="stat-value" data-testid="overview-smtp-accepted-1h">{smtp.lastHour.accepted.toLocaleString("en-US")}</div>
        </div>
        <div className="stat" title="Transactions refused at MAIL FROM or after DATA in the last hour">
          <div className="stat-label">Rejected, last hour</div>
          <div className="stat-value" data-testid="overview-smtp-rejected-1h">{smtp.lastHour.rejected.toLocaleString("en-US")}</div>
        </div>
      </div>
      <table className="grid" aria-label="SMTP transactions per minute">
        <thead>
          <tr>
            <th>Minute (UTC)</th>
            <th>Accepted</th>
            <th>Rejected</th>
          </tr>
        </thead>
        <tbody>
          {recent.map((minute) => (
            <tr key={minute.at}>
              <td>{time(minute.at)}</td>
              <td>{minute.accepted}</td>
              <td>{minute.rejected}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
