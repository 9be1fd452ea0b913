"use client";

import { describeLimitUse } from "@/lib/validation/limit-use";
import { useState } from "react";
import type { GatewayHealthState } from "@/lib/console/gateways/list-gateway-health";
import type { OutcomeCounts } from "@/lib/console/overview/outcome-categories";
import type { Overview, QueueCounts } from "@/lib/console/overview/read-overview";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";
import { OutcomeChart } from "./outcome-chart";
import { SmtpOverview } from "./smtp-overview";
import { useOverview } from "./use-overview";

const HEALTH: Record<GatewayHealthState, { label: string; badge: string }> = {
  HEALTHY: { label: "Healthy", badge: "badge-ok" },
  DEGRADED: { label: "Degraded", badge: "badge-warn" },
  DOWN: { label: "Down", badge: "badge-off" },
  COOLING_DOWN: { label: "Cooling down", badge: "badge-warn" },
  DISABLED: { label: "Disabled", badge: "" },
  UNKNOWN: { label: "Not checked yet", badge: "" },
};

/** "4 min" from the overview's own read time, so the server's and the browser's render agree. */
function ageOf(oldest: string | null, readAt: string): string {
  if (!oldest) return "—";
  const seconds = Math.max(0, Math.round((Date.parse(readAt) - Date.parse(oldest)) / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

function Stat({ label, value, testId, title }: { label: string; value: string | number; testId: string; title?: string }) {
  return (
    <div className="stat" title={title}>
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-testid={testId}>
        {typeof value === "number" ? value.toLocaleString("en-US") : value}
      </div>
    </div>
  );
}

// Two kinds of number share the words "waiting" and "deferred": messages in the queue now (each counted once) and
// delivery attempts over a period (a message deferred three times counts three). Every label says which it is.
const WAITING_MEANS = "due and never tried (its first delivery under way included)";
const DEFERRED_MEANS = "tried before (waiting for its retry, or being retried right now) or scheduled for later";
const ATTEMPTS_MEAN = "Delivery attempts (one message through one gateway), not messages: a message deferred three times counts three";

// Grouped like every other figure of the page (1,234): a day of mail runs to six digits.
const outcomes = (counts: OutcomeCounts) => [counts.delivered, counts.deferred, counts.failed].map((count) => count.toLocaleString("en-US")).join(" / ");

function QueueStats({ queue, readAt }: { queue: QueueCounts; readAt: string }) {
  return (
    <>
      <Stat label="Messages waiting now" value={queue.waiting} testId="overview-waiting" title={`Messages in the queue now, ${WAITING_MEANS}; each message counts once`} />
      <Stat label="Messages deferred now" value={queue.deferred} testId="overview-deferred" title={`Messages in the queue now, ${DEFERRED_MEANS}; each message counts once`} />
      <Stat label="Oldest queued" value={ageOf(queue.oldestQueuedAt, readAt)} testId="overview-oldest" />
    </>
  );
}

/** The console's home: queue and delivery numbers, per gateway with its health, and charts; refreshes itself. */
export function OverviewDashboard({ initial }: { initial: Overview }) {
  const { overview, failure } = useOverview(initial);
  const [chartGateway, setChartGateway] = useState("");
  const pick = <T,>(set: { overall: T; byGateway: Record<string, T> }, empty: T) => (chartGateway ? (set.byGateway[chartGateway] ?? empty) : set.overall);
  const emptyOf = (at: string[]) => ({ at, delivered: at.map(() => 0), deferred: at.map(() => 0), failed: at.map(() => 0) });

  return (
    <div className="overview" data-read-at={overview.readAt}>
      {failure && (
        <p className="form-error" aria-live="polite">
          Not refreshed: {failure}
        </p>
      )}
      <section className="stats" aria-label="Queue and deliveries">
        <QueueStats queue={overview.queue} readAt={overview.readAt} />
        <Stat label="Messages held now" value={overview.held} testId="overview-held" title="Held by an admin: kept in the queue and never sent until released" />
        <Stat label="Delivered attempts, last hour" value={overview.lastHour.delivered} testId="overview-delivered-1h" title={`Attempts that delivered the message (partially delivered included). ${ATTEMPTS_MEAN}.`} />
        <Stat label="Deferred attempts, last hour" value={overview.lastHour.deferred} testId="overview-deferred-1h" title={`Attempts that left the message queued for a retry (4xx, no answer to the end of data, or failed over to another gateway). ${ATTEMPTS_MEAN}.`} />
        <Stat label="Failed attempts, last hour" value={overview.lastHour.failed} testId="overview-failed-1h" title={`Attempts refused for good (5xx). ${ATTEMPTS_MEAN}.`} />
        <Stat label="Delivered / deferred / failed attempts, 24 h" value={outcomes(overview.lastDay)} testId="overview-24h" title={`${ATTEMPTS_MEAN}.`} />
      </section>

      <h2>Gateways</h2>
      {overview.gateways.length === 0 ? (
        <p className="empty">No gateways yet.</p>
      ) : (
        <table className="grid" aria-label="Gateways">
          <thead>
            <tr>
              <th>Gateway</th>
              <th>Health</th>
              <th title={`Messages for this gateway in the queue now, ${WAITING_MEANS}`}>Waiting now</th>
              <th title={`Messages for this gateway in the queue now, ${DEFERRED_MEANS}`}>Deferred now</th>
              <th title="Messages held by an admin: waiting for this gateway once released">Held now</th>
              <th>Oldest queued</th>
              <th title={`Delivered / deferred / failed. ${ATTEMPTS_MEAN}.`}>Attempts, last hour</th>
              <th title={`Delivered / deferred / failed. ${ATTEMPTS_MEAN}.`}>Attempts, 24 h</th>
              <th>Limits</th>
            </tr>
          </thead>
          <tbody>
            {overview.gateways.map((gateway) => (
              <tr key={gateway.gatewayId} data-gateway-id={gateway.gatewayId}>
                <td>{revealBidiControls(gateway.description)}</td>
                <td>
                  <span className={`badge ${HEALTH[gateway.health].badge}`} data-health-state={gateway.health}>
                    {HEALTH[gateway.health].label}
                  </span>
                  {gateway.draining && (
                    <>
                      {" "}
                      <span className="badge badge-warn" data-testid="overview-gateway-draining" title="Drain mode: no new mail is routed to it; mail waiting for it is re-routed">
                        Draining
                      </span>
                    </>
                  )}
                </td>
                <td data-col="waiting">{gateway.queue.waiting}</td>
                <td data-col="deferred">{gateway.queue.deferred}</td>
                <td data-col="held">{gateway.queue.held}</td>
                <td>{ageOf(gateway.queue.oldestQueuedAt, overview.readAt)}</td>
                <td data-col="last-hour">{outcomes(gateway.lastHour)}</td>
                <td>{outcomes(gateway.lastDay)}</td>
                <td data-col="limits">{gateway.limits.length === 0 ? "No limit" : gateway.limits.map((use) => <div key={use.per}>{describeLimitUse(use)}</div>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Delivery attempts</h2>
      <label className="chart-filter">
        Show{" "}
        <select value={chartGateway} onChange={(event) => setChartGateway(event.target.value)}>
          <option value="">All gateways</option>
          {overview.gateways.map((gateway) => (
            <option key={gateway.gatewayId} value={gateway.gatewayId}>
              {revealBidiControls(gateway.description)}
            </option>
          ))}
        </select>
      </label>
      <div className="charts">
        <OutcomeChart title="Per minute, last hour" step="minute" testId="chart-per-minute" series={pick(overview.perMinute, emptyOf(overview.perMinute.overall.at))} />
        <OutcomeChart title="Per hour, last 7 days" step="hour" testId="chart-per-hour" series={pick(overview.perHour, emptyOf(overview.perHour.overall.at))} />
      </div>

      <SmtpOverview smtp={overview.smtp} />
    </div>
  );
}
