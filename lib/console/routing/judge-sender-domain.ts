import { freeAtOf, type RateRoom } from "../../engine/routing/reserve-rate-slots";
import type { RouteStep } from "../../validation/route-explain";
import { describeLimitUse, utc } from "./judge-candidate";

/** The answer for a sender whose domain is not hosted: the submission refuses it (acceptMessage: 422; SMTP 550 5.7.1). */
export const NOT_HOSTED_ANSWER = "Outgate refuses this sender: domain not hosted (422)";

/** The sender's hosted domain as route explain reads it. */
export type SenderDomainFacts = {
  name: string;
  gatewayId: string | null;
  failoverToRoundRobin: boolean;
  limitAction: "DELAY" | "REJECT";
  /** The domain's own sending limits (hour, day) and their room now, the windows the submission and the drain count in. */
  room: RateRoom | null;
  /** The gateway it is assigned to, if any. */
  assigned: { id: string; description: string; type: "ROUND_ROBIN" | "SPECIFIC_DOMAINS"; enabled: boolean; draining: boolean } | null;
};

/**
 * The steps about the sender's domain — its assignment and its own limits — and whether Outgate refuses new mail
 * from it outright: a full Reject limit is answered 429 at submission (reserveSendingLimits), so no gateway is
 * chosen at all. A full Delay limit is not decided here: the drain's fitRoutesToLimits holds the mail.
 */
export function judgeSenderDomain(domain: SenderDomainFacts): { steps: RouteStep[]; refusal: string | null } {
  const steps: RouteStep[] = [];
  const info = (topic: RouteStep["topic"], verdict: RouteStep["verdict"], text: string, gatewayId: string | null = null) => steps.push({ topic, verdict, gatewayId, text });
  const { assigned } = domain;
  if (!assigned) info("domain", "info", `${domain.name} is hosted and uses the round-robin gateways.`);
  else {
    const status = !assigned.enabled ? "disabled" : assigned.draining ? "draining (routed nothing)" : "enabled";
    info("domain", "info", `${domain.name} is assigned to "${assigned.description}" (${assigned.type === "SPECIFIC_DOMAINS" ? "Specific Domains" : "round robin"}, ${status}); when it fails the domain ${domain.failoverToRoundRobin ? "falls over to round robin" : "waits for it (no failover)"}.`, assigned.id);
  }
  const reject = domain.limitAction === "REJECT";
  for (const use of domain.room?.used ?? []) {
    const full = use.used >= use.limit;
    const what = !full ? "" : reject ? ": new mail is refused with 429 (Reject)" : ": its mail is held until the window has room (Delay)";
    info("limit", !full ? "ok" : reject ? "refuse" : "wait", `${domain.name}: limit ${use.limit} — ${describeLimitUse(use)}${what}.`);
  }
  const freeAt = domain.room ? freeAtOf(domain.room) : null;
  if (!reject || !freeAt) return { steps, refusal: null };
  return { steps, refusal: `Outgate refuses new mail from this sender: ${domain.name} reached its sending limit (429, room again at ${utc(freeAt)})` };
}
