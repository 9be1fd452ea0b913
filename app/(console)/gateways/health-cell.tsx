import type { GatewayHealthJson, GatewayHealthState } from "@/lib/console/gateways/list-gateway-health";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";

const LABELS: Record<GatewayHealthState, string> = {
  HEALTHY: "Healthy",
  DEGRADED: "Degraded",
  DOWN: "Down",
  COOLING_DOWN: "Cooling down",
  DISABLED: "Disabled",
  UNKNOWN: "Not checked yet",
};

const BADGES: Record<GatewayHealthState, string> = {
  HEALTHY: "badge-ok",
  DEGRADED: "badge-warn",
  DOWN: "badge-off",
  COOLING_DOWN: "badge-warn",
  DISABLED: "",
  UNKNOWN: "",
};

/** UTC like the logs, and the same on the server and in the browser (no hydration mismatch). */
function timeOf(iso: string): string {
  return `${iso.slice(11, 19)} UTC`;
}

/**
 * The grid's Health cell: the state, when it last worked and how fast it answered the last probe (or how long the
 * last probe took to fail), and — for a gateway in trouble — the last error with the server's answer (three lines,
 * the full text on hover and focus).
 */
export function HealthCell({ health }: { health?: GatewayHealthJson }) {
  if (!health) return <span className="hint">—</span>;
  const troubled = health.state === "DOWN" || health.state === "COOLING_DOWN" || health.state === "DEGRADED";
  // The latency is the last probe's: beside "Last success" it must not read as that success's when the probe failed.
  const details = [
    health.lastSuccessAt ? `Last success ${timeOf(health.lastSuccessAt)}` : "No success yet",
    health.latencyMs !== null ? (health.lastProbeFailed ? `last probe failed after ${health.latencyMs} ms` : `${health.latencyMs} ms`) : null,
  ].filter(Boolean);
  return (
    <div className="health" data-health-state={health.state}>
      <span className={`badge ${BADGES[health.state]}`}>
        {LABELS[health.state]}
        {health.state === "COOLING_DOWN" && health.suspendedUntil ? " (suspended by a rule)" : ""}
        {health.state === "COOLING_DOWN" && health.cooldownUntil ? ` until ${timeOf(health.cooldownUntil)}` : ""}
      </span>
      {health.state !== "DISABLED" && <div className="hint">{details.join(" · ")}</div>}
      {troubled && health.lastError && (
        // Wrapped to three lines; the whole text on hover (title) and on keyboard focus (CSS lifts the clamp).
        <div className="health-error" tabIndex={0} title={`${revealBidiControls(health.lastError)}${health.lastErrorAt ? ` (at ${timeOf(health.lastErrorAt)})` : ""}`}>
          {revealBidiControls(health.lastError)}
        </div>
      )}
      {health.ruleRate && <div className="hint">Rate lowered by a rule to {health.ruleRate.perMinute}/min until {timeOf(health.ruleRate.until)}</div>}
      {health.ruleFired && health.ruleFiredAt && (
        <div className="hint" data-testid="rule-fired" title={revealBidiControls(health.ruleFired)}>
          Rule fired {timeOf(health.ruleFiredAt)}: {revealBidiControls(health.ruleFired.replace(/ — [\s\S]*$/, ""))}
        </div>
      )}
    </div>
  );
}
