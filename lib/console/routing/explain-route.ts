import { getDb } from "../../platform/db";
import { chooseGateways, routeFor, type RoutingGateway } from "../../engine/routing/choose-gateways";
import { fitRoutesToLimits, rateDemandsOf } from "../../engine/routing/fit-routes-to-limits";
import { loadRoutingTable } from "../../engine/routing/load-routing-table";
import { domainSubject, gatewaySubject, toRateLimits } from "../../engine/routing/rate-limits";
import { readRateRooms } from "../../engine/routing/read-rate-rooms";
import { requestRoute } from "../../engine/routing/route-claim";
import { getDeliverySettings } from "../../engine/queue/get-delivery-settings";
import { loadAnswerRules, type RulesInForce } from "../../engine/rules/load-answer-rules";
import type { RouteExplainQuery, RouteExplanation, RouteStep } from "../../validation/route-explain";
import { describeState } from "../gateways/list-gateway-health";
import { judgeCandidate, utc, type CandidateFacts, type CandidateFate } from "./judge-candidate";
import { judgeSenderDomain, NOT_HOSTED_ANSWER } from "./judge-sender-domain";

type Ref = { id: string; description: string };

/**
 * Says which gateway the next message from `sender` would take and why, step by step, and where it would go if
 * that gateway failed as a whole. Every decision is the engine's own, made by the functions the drain calls on the
 * rows it reads: a sender domain that is not hosted (or over its Reject limit) is refused at submission, nothing
 * else; routeFor/chooseGateways at the shared round-robin cursor (peeked, not reserved) order the candidates,
 * cool-down last; requestRoute and fitRoutesToLimits, on the room left in rate_windows (read, not reserved), skip
 * full gateways or hold the mail; deliverMessage's skip of gateways an answer rule suspended; a gateway in
 * cool-down (Down, or failed lately) is tried only after the healthy ones — or as the last resort. Reads only.
 */
export async function explainRoute({ sender, recipient }: RouteExplainQuery, now = new Date()): Promise<RouteExplanation> {
  const senderDomain = sender.slice(sender.lastIndexOf("@") + 1).toLowerCase();
  const db = getDb();
  const base = { sender, senderDomain, recipient: recipient ?? null };
  const domain = await db.domain.findUnique({ where: { name: senderDomain }, select: { id: true, gatewayId: true, failoverToRoundRobin: true, perHourLimit: true, perDayLimit: true, limitAction: true } });
  if (!domain) {
    const text = `${NOT_HOSTED_ANSWER}: ${senderDomain} is not a hosted domain, so the API answers 422 and SMTP 550 5.7.1 and nothing is queued.`;
    return { ...base, steps: [{ topic: "domain", verdict: "refuse", gatewayId: null, text }], gateway: null, fallbacks: [], summary: NOT_HOSTED_ANSWER };
  }
  const settings = await getDeliverySettings();
  const [table, gateways, cursor, answerRules, domainRooms] = await Promise.all([
    loadRoutingTable([senderDomain], now, settings.balancing),
    db.gateway.findMany({
      orderBy: { id: "asc" },
      select: {
        id: true, description: true, type: true, enabled: true, draining: true, weight: true,
        health: { select: { cooldownUntil: true, lastError: true, lastFailureAt: true, lastSuccessAt: true, probedAt: true, probeOk: true, probeError: true, ratePerMinute: true, rateLimitedUntil: true } },
      },
    }),
    db.roundRobinCursor.findUnique({ where: { id: 1 }, select: { position: true } }),
    loadAnswerRules(now),
    readRateRooms([{ subject: domainSubject(domain.id), limits: toRateLimits(domain) }], now),
  ]);
  const byId = new Map(gateways.map((gateway) => [gateway.id, gateway]));
  const assignedRow = domain.gatewayId ? byId.get(domain.gatewayId) : undefined;
  const judged = judgeSenderDomain({ ...domain, name: senderDomain, room: toRateLimits(domain).length > 0 ? (domainRooms.get(domainSubject(domain.id)) ?? null) : null, assigned: assignedRow ?? null });
  const steps: RouteStep[] = [...judged.steps];
  const info = (topic: RouteStep["topic"], verdict: RouteStep["verdict"], text: string, gatewayId: string | null = null) => steps.push({ topic, verdict, gatewayId, text });
  if (judged.refusal) {
    info("result", "refuse", judged.refusal);
    return { ...base, steps, gateway: null, fallbacks: [], summary: `${judged.refusal}.` };
  }

  // The route the engine takes, and the order of its candidates for the next round-robin turn.
  const route = routeFor(senderDomain, table);
  const position = cursor?.position ?? 0n;
  info("route", route.specific || route.roundRobin ? "info" : "wait", route.reason, route.specific?.id ?? null);
  if (route.roundRobin) {
    const ring = table.gateways.filter((gateway) => gateway.type === "ROUND_ROBIN");
    const weights = ring.map((gateway) => `"${gateway.description}" ×${gateway.weight ?? 1}`).join(", ");
    info("route", "info", ring.length === 0 ? "No enabled round-robin gateway." : `Round robin over ${weights}; the shared cursor is at turn ${position}${settings.balancing === "LEAST_SPOOL" ? ", reordered by the least spool" : ""}.`);
    const idle = gateways.filter((gateway) => gateway.type === "ROUND_ROBIN" && (!gateway.enabled || gateway.draining));
    if (idle.length > 0) info("route", "info", `Not in the ring: ${idle.map((gateway) => `"${gateway.description}" (${gateway.enabled ? "draining" : "disabled"})`).join(", ")}.`);
  }

  // The limits, as the drain fits the claim: the same request and fit, on the room left now.
  const request = requestRoute({ senderDomain, pinnedGatewayId: null }, table, route.specific || route.roundRobin ? chooseGateways(senderDomain, table, position) : []);
  const rooms = await readRateRooms(rateDemandsOf([request]), now);
  const fitted = fitRoutesToLimits([request], rooms).result[0];
  if (request.wait && request.wait !== route.reason) info("route", "wait", request.wait);
  // Held by the domain's Delay limit (or no route at all): no gateway is looked at.
  const domainHeld = !!request.wait || (!!request.domain && (rooms.get(request.domain.subject)?.room ?? 1) <= 0);

  // Each candidate in the drain's order, with its fate.
  const usable = fitted.kind === "send" ? fitted.gateways : [];
  const suspended = (gateway: RoutingGateway) => answerRules.suspended.has(gateway.id);
  const healthyLeft = usable.some((gateway) => !suspended(gateway) && !gateway.coolingDown);
  let chosen: Ref | null = null;
  const fallbacks: (Ref & { coolingUntil: Date | null })[] = [];
  const lastResort: Ref[] = [];
  for (const gateway of domainHeld ? [] : request.gateways) {
    const facts = factsOf(gateway, byId.get(gateway.id), rooms.get(gatewaySubject(gateway.id))?.used ?? [], answerRules, now);
    const ref = { id: gateway.id, description: gateway.description };
    let fate: CandidateFate;
    if (!usable.includes(gateway)) fate = "full";
    else if (suspended(gateway)) fate = "suspended";
    else if (gateway.coolingDown) fate = healthyLeft ? "cooling" : "lastResort";
    else fate = chosen ? "fallback" : "takes";
    steps.push(...judgeCandidate(facts, fate, fitted.kind === "send"));
    if (fate === "takes") chosen = ref;
    else if (fate === "fallback" || fate === "cooling") fallbacks.push({ ...ref, coolingUntil: fate === "cooling" ? facts.cooldownUntil : null });
    else if (fate === "lastResort") lastResort.push(ref);
  }
  if (recipient) info("recipient", "info", `The recipient ${recipient} does not change the route: Outgate relays every recipient of a message through the gateway its sender's domain gets.`);

  const names = (refs: (Ref & { coolingUntil?: Date | null })[]) => refs.map((ref) => `"${ref.description}"${ref.coolingUntil ? ` (in cool-down until ${utc(ref.coolingUntil)})` : ""}`).join(", then ");
  const firstSuspension = [...usable].filter(suspended).map((gateway) => answerRules.suspended.get(gateway.id)!.until).sort((a, b) => a.getTime() - b.getTime())[0];
  let summary: string;
  if (chosen) summary = `The next message from ${sender} would go to "${chosen.description}"${fallbacks.length > 0 ? `; if it failed, then ${names(fallbacks)}` : "; no other gateway would take it"}.`;
  else if (lastResort.length > 0) summary = `No healthy gateway can take mail from ${sender} now: the next message would still be tried on ${names(lastResort)} (in cool-down) as the last resort, and wait in the queue for its retry if that fails.`;
  else if (fitted.kind === "hold") summary = `The next message from ${sender} would wait in the queue${fitted.until ? ` until ${utc(fitted.until)}` : ""}.`;
  else if (firstSuspension) summary = `The next message from ${sender} would wait in the queue until ${utc(firstSuspension)}: every gateway that could take it is suspended by an answer rule.`;
  else summary = `No gateway can take mail from ${sender} now: it would stay queued and be retried.`;
  info("result", chosen ? "ok" : "wait", summary, chosen?.id ?? null);
  const refs = (list: Ref[]) => list.map(({ id, description }) => ({ id, description }));
  return { ...base, steps, gateway: chosen, fallbacks: refs(chosen ? fallbacks : lastResort), summary };
}

type GatewayRow = {
  id: string;
  description: string;
  type: "ROUND_ROBIN" | "SPECIFIC_DOMAINS";
  enabled: boolean;
  weight: number;
  health: {
    cooldownUntil: Date | null;
    lastError: string | null;
    lastFailureAt: Date | null;
    lastSuccessAt: Date | null;
    probedAt: Date | null;
    probeOk: boolean | null;
    probeError: string | null;
    ratePerMinute: number | null;
    rateLimitedUntil: Date | null;
  } | null;
};

/** One candidate as judgeCandidate reads it: its row's health (Down as the health grid says), its rule state and its limits' use. */
function factsOf(
  gateway: RoutingGateway,
  row: GatewayRow | undefined,
  limits: CandidateFacts["limits"],
  answerRules: RulesInForce,
  now: Date,
): CandidateFacts {
  const health = row?.health ?? null;
  const down = row && health && describeState(row.enabled, health, now) === "DOWN" && health.probedAt ? { at: health.probedAt, error: health.probeError } : null;
  return {
    id: gateway.id,
    description: gateway.description,
    type: gateway.type,
    weight: gateway.weight ?? 1,
    cooldownUntil: gateway.coolingDown ? (health?.cooldownUntil ?? null) : null,
    lastError: health?.lastError ?? null,
    down,
    suspendedUntil: answerRules.suspended.get(gateway.id)?.until ?? null,
    suspendedBy: answerRules.suspended.get(gateway.id)?.rule ?? null,
    ruleRate: health?.ratePerMinute && health.rateLimitedUntil && health.rateLimitedUntil > now ? { perMinute: health.ratePerMinute, until: health.rateLimitedUntil } : null,
    limits,
    rules: answerRules.rules.filter((rule) => rule.gatewayId === null || rule.gatewayId === gateway.id).map((rule) => rule.name),
  };
}
