import { getHostName } from "../../platform/host-name";
import { log } from "../../platform/log";
import type { DeliveryReport } from "../delivery/deliver-message";
import { endGatewayCooldown, noteGatewaySuccess } from "../routing/gateway-cooldown";
import type { RoutingTable } from "../routing/choose-gateways";
import type { RoutingTableCache } from "../routing/load-routing-table";
import type { ClaimedMessage } from "./claim-messages";
import type { ClaimShared, Recorded } from "./claim-shared";
import { completeMessages } from "./complete-messages";
import { DEFAULT_LEASE_SECONDS } from "./drain-options";
import { prepareBounce } from "./prepare-bounce";
import { retryWhileDatabaseDown } from "./retry-while-database-down";

/** A gateway's last success (gateway health) is written at most this often per drain: not a statement per group. */
const SUCCESS_NOTE_EVERY_MS = 10_000;

/** One sent message and what its gateways answered. */
export type Outcome = { message: ClaimedMessage; report: DeliveryReport };

/**
 * Records groups of one claim's outcomes (completeMessages: one statement per group, DSNs queued with it), tells
 * the drain how many messages it no longer holds and their new states, notes the gateways' last success, and ends
 * the cool-down of a gateway that answered again. The mail is out: if Postgres is down now, recording waits for it
 * (within half the lease) rather than let the group go again. Rejects when it could not record; the messages are
 * released either way.
 */
export function createClaimRecorder(
  { leaseToken, table, routing }: { leaseToken: string; table: RoutingTable; routing: RoutingTableCache },
  shared: ClaimShared,
  onRecorded: (counts: Recorded) => void,
): (group: Outcome[]) => Promise<void> {
  const { settings, options } = shared;
  const leaseSeconds = options.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  return async (group) => {
    let completed;
    try {
      completed = await retryWhileDatabaseDown(
        () =>
          completeMessages({
            leaseToken,
            completions: group,
            schedule: { delaysSeconds: settings.retryDelaysSeconds, maxLifetimeSeconds: settings.maxLifetimeSeconds },
            prepareBounce: (message, failed, report) =>
              getHostName().then(({ name }) => prepareBounce(message, failed, report, { bouncesEnabled: settings.bouncesEnabled, reportingMta: name })),
          }),
        { maxMs: (leaseSeconds * 1000) / 2, what: "complete_batch" },
      );
    } catch (error) {
      onRecorded({ released: group.length, delivered: 0, deferred: 0, failed: 0 });
      throw error;
    }
    onRecorded({
      released: group.length,
      delivered: completed.filter((m) => m.status === "DELIVERED" || m.status === "PARTIALLY_DELIVERED").length,
      deferred: completed.filter((m) => m.status === "QUEUED").length,
      failed: completed.filter((m) => m.status === "FAILED").length,
    });
    noteSuccesses(group.map(({ report }) => report), shared);
    const lost = completed.filter((message) => message.status === "lost");
    if (lost.length > 0) log("warn", "drain.lease_lost", { workerId: options.workerId, ids: lost.map((message) => message.id) });
    const recovered = table.gateways
      .filter((gateway) => gateway.coolingDown && group.some(({ report }) => report.gatewayId === gateway.id))
      .map((gateway) => gateway.id);
    if (recovered.length > 0) {
      await endGatewayCooldown(recovered);
      routing.invalidate();
    }
  };
}

/** Writes "last success" for the gateways that delivered in `reports`, each at most every SUCCESS_NOTE_EVERY_MS. */
function noteSuccesses(reports: DeliveryReport[], { successNotedAt, options }: ClaimShared): void {
  const now = Date.now();
  const due = new Set<string>();
  for (const report of reports) {
    if (!report.gatewayId || !report.recipients.some((recipient) => recipient.status === "delivered")) continue;
    if (now - (successNotedAt.get(report.gatewayId) ?? 0) < SUCCESS_NOTE_EVERY_MS) continue;
    successNotedAt.set(report.gatewayId, now);
    due.add(report.gatewayId);
  }
  if (due.size === 0) return;
  // Health display only: never holds the drain, and a failed write is retried by the next success.
  noteGatewaySuccess([...due]).catch((error) => {
    for (const id of due) successNotedAt.delete(id);
    log("warn", "gateway.note_success_failed", { workerId: options.workerId, error });
  });
}
