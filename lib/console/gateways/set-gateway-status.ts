import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { releaseMailWaitingForGateways, rerouteWaitingMail } from "../../engine/routing/reroute-waiting-mail";
import type { GatewayStatusValue } from "../../validation/gateway";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "../audit/record-audit";

/** The same names setGatewayEnabled records, plus the drain. */
const AUDIT_ACTIONS: Record<GatewayStatusValue, string> = { ENABLED: "gateway.enable", DRAINING: "gateway.drain", DISABLED: "gateway.disable" };

/**
 * Sets a gateway's Status. Enabled: routed as usual. Draining (issue 14): no new mail is routed to it and the mail
 * waiting for it is made due now, so it goes through the other gateways (rerouteWaitingMail). Disabled: kept with
 * its settings, never chosen. Back to Enabled only when an admin says so. Throws AppError not_found for an unknown id.
 * Recorded as "gateway.enable", "gateway.drain" or "gateway.disable" with enabled and draining before and after.
 * Returns the status and how many waiting messages were re-routed.
 */
export async function setGatewayStatus({
  id,
  status,
  actor = SYSTEM_ACTOR,
}: {
  id: string;
  status: GatewayStatusValue;
  actor?: AuditActor;
}): Promise<{ id: string; status: GatewayStatusValue; rerouted: number }> {
  const data = { enabled: status !== "DISABLED", draining: status === "DRAINING" };
  await getDb().$transaction(async (tx) => {
    const before = await tx.gateway.findUnique({ where: { id }, select: { description: true, enabled: true, draining: true } });
    if (!before) throw new AppError("not_found", "That gateway no longer exists.");
    await tx.gateway.update({ where: { id }, data });
    await recordAudit(tx, {
      actor,
      action: AUDIT_ACTIONS[status],
      target: { type: "gateway", id, label: before.description },
      before: { enabled: before.enabled, draining: before.draining },
      after: data,
    });
  });
  // After the commit: a worker that claims this mail must already see the gateway draining (or disabled).
  const rerouted = status === "ENABLED" ? await releaseMailWaitingForGateways() : await rerouteWaitingMail(id);
  return { id, status, rerouted };
}
