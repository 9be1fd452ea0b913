import { getDb } from "../../platform/db";
import { chooseGateways, routeFor } from "../../engine/routing/choose-gateways";
import { loadRoutingTable } from "../../engine/routing/load-routing-table";
import { getDeliverySettings } from "../../engine/queue/get-delivery-settings";
import { loadAnswerRules } from "../../engine/rules/load-answer-rules";
import { RATE_WINDOW_SECONDS, domainSubject, gatewaySubject, toRateLimits, windowStartOf, type RateLimit } from "../../engine/routing/rate-limits";
import type { RouteExplainQuery, RouteExplanation, RouteStep } from "../../validation/route-explain";
import { withRuleRate, type RuleRate } from "../../engine/routing/answer-rules-rate";
import { describeLimitUse, judgeCandidate, type CandidateFacts, type LimitUse } from "./judge-candidate";

/**
 * Says which gateway the next message from `sender` would take and why, step by step, and where it would go if
 * that gateway failed as a whole. Built on the engine's own decisions: routeFor and chooseGateways on the routing
 * table the drain loads (loadRoutingTable), at the shared round-robin cursor's current position (peeked, not
 * reserved), then each candidate judged as the drain would (judgeCandidate: rule suspensions, limits and their use
 * in rate_windows, cool-down). Reads only; nothing is reserved or sent.
 */
export async function explainRoute({ sender, recipient }: RouteExplainQuery, now = new Date()): Promise<RouteExplanation> {
  const senderDomain = sender.slice(sender.lastIndexOf("@") + 1).toLowerCase();
  const db = getDb();
  const settings = await getDeliverySettings();
  const [table, gateways, domain, cursor, answerRules, windows] = await Promise.all([
    loadRoutingTable([senderDomain], now, settings.balancing),
    db.gateway.findMany({
      orderBy: { id: "asc" },
      select: {
        id: true, description: true, type: true, enabled: true, draining: true, weight: true, perMinuteLimit: true, perHourLimit: true, perDayLimit: true,
        health: { select: { cooldownUntil: true, lastError: true, suspendedUntil: true, ruleFired: true, ratePerMinute: true, rateLimitedUntil: true } },
      },
    }),
    db.domain.findUnique({ where: { name: senderDomain }, select: { id: true, gatewayId: true, failoverToRoundRobin: true, perHourLimit: true, perDayLimit: true, limitAction: true } }),
    db.roundRobinCursor.findUnique({ where: { id: 1 }, select: { position: true } }),
    loadAnswerRules(now),
    db.rateWindow.findMany({ where: { windowStart: { gte: new Date(now.getTime() - RATE_WINDOW_SECONDS.day * 1000) } } }),
  ]);
  const limitUseOf = (subject: string, limits: RateLimit[]): LimitUse[] =>
    limits.map(({ windowSeconds, limit }) => {
      const start = windowStartOf(now, windowSeconds);
      const row = windows.find((w) => w.subject === subject && w.windowSeconds === windowSeconds && w.windowStart.getTime() === start.getTime());
      return { windowSeconds, limit, used: row?.used ?? 0, endsAt: new Date(start.getTime() + windowSeconds * 1000) };
    });
  const byId = new Map(gateways.map((gateway) => [gateway.id, gateway]));
  const steps: RouteStep[] = [];
  const info = (topic: RouteStep["topic"], verdict: RouteStep["verdict"], text: string, gatewayId: string | null = null) => steps.push({ topic, verdict, gatewayId, text });

  // 1. The domain's assignment, and its own sending limits.
  const assigned = domain?.gatewayId ? byId.get(domain.gatewayId) : undefined;
  if (!domain) info("domain", "info", `${senderDomain} is not a hosted domain: the API refuses its mail; routing would use round robin.`);
  else if (!assigned) info("domain", "info", `${senderDomain} is hosted and uses the round-robin gateways.`);
  else {
    const status = !assigned.enabled ? "disabled" : assigned.draining ? "draining (routed nothing)" : "enabled";
    info("domain", "info", `${senderDomain} is assigned to "${assigned.description}" (${assigned.type === "SPECIFIC_DOMAINS" ? "Specific Domains" : "round robin"}, ${status}); when it fails the domain ${domain.failoverToRoundRobin ? "falls over to round robin" : "waits for it (no failover)"}.`, assigned.id);
  }
  let domainWaits = false;
  if (domain) {
    for (const use of limitUseOf(domainSubject(domain.id), toRateLimits(domain))) {
      const full = use.used >= use.limit;
      domainWaits ||= full && domain.limitAction === "DELAY";
      info("limit", full ? "wait" : "ok", `${senderDomain}: limit ${use.limit} — ${describeLimitUse(use)}${full ? (domain.limitAction === "DELAY" ? ": its mail is held until the window has room (Delay)" : ": the API refuses its new mail with 429 (Reject)") : ""}.`);
    }
  }

  // 2. The route the engine takes, and the order of its candidates for the next round-robin turn.
  const route = routeFor(senderDomain, table);
  const reason = (route as { reason?: string }).reason;
  const position = cursor?.position ?? 0n;
  const ring = table.gateways.filter((gateway) => gateway.type === "ROUND_ROBIN");
  if (route.specific) info("route", "info", reason ?? `First the Specific Domains gateway "${route.specific.description}"${route.roundRobin ? ", then round robin" : " only"}.`, route.specific.id);
  else if (route.roundRobin) info("route", "info", reason ?? "Round robin.");
  else info("route", "wait", reason ?? "No route: the mail waits.");
  if (route.roundRobin) {
    const weights = ring.map((gateway) => `"${gateway.description}" ×${byId.get(gateway.id)?.weight ?? 1}`).join(", ");
    info("route", "info", ring.length === 0 ? "No enabled round-robin gateway." : `Round robin over ${weights}; the shared cursor is at turn ${position}${settings.balancing === "LEAST_SPOOL" ? ", reordered by the least spool" : ""}.`);
    const idle = gateways.filter((gateway) => gateway.type === "ROUND_ROBIN" && (!gateway.enabled || gateway.draining));
    if (idle.length > 0) info("route", "info", `Not in the ring: ${idle.map((gateway) => `"${gateway.description}" (${gateway.enabled ? "draining" : "disabled"})`).join(", ")}.`);
  }
  const candidates = route.specific || route.roundRobin ? chooseGateways(senderDomain, table, position).filter((gateway) => !byId.get(gateway.id)?.draining) : [];

  // 3. Each candidate judged in order: the first usable one takes the mail, the usable ones after it are the fallbacks.
  const rulesFor = (id: string) => answerRules.rules.filter((rule) => rule.gatewayId === null || rule.gatewayId === id).map((rule) => rule.name);
  let chosen: { id: string; description: string } | null = null;
  const fallbacks: { id: string; description: string }[] = [];
  let waits = domainWaits || (!route.specific && !route.roundRobin);
  for (const candidate of waits ? [] : candidates) {
    const row = byId.get(candidate.id)!;
    const facts: CandidateFacts = {
      id: row.id,
      description: row.description,
      type: row.type,
      weight: row.weight,
      cooldownUntil: row.health?.cooldownUntil ?? null,
      lastError: row.health?.lastError ?? null,
      suspendedUntil: answerRules.suspended.get(row.id)?.until ?? null,
      suspendedBy: answerRules.suspended.get(row.id)?.rule ?? null,
      ruleRate: ruleRateOf(row.health),
      limits: limitUseOf(gatewaySubject(row.id), withRuleRate(toRateLimits(row), ruleRateOf(row.health), now, RATE_WINDOW_SECONDS)),
      rules: rulesFor(row.id),
    };
    const verdict = judgeCandidate(facts, now, !!domain?.failoverToRoundRobin);
    steps.push(...verdict.steps);
    if (verdict.usable) {
      if (chosen) fallbacks.push({ id: row.id, description: row.description });
      else chosen = { id: row.id, description: row.description };
    } else if (verdict.waits && !chosen) {
      waits = true;
      break;
    }
  }
  if (recipient) info("recipient", "info", `The recipient ${recipient} does not change the route: Outgate relays every recipient of a message through the gateway its sender's domain gets.`);
  const summary = chosen
    ? `The next message from ${sender} would go to "${chosen.description}"${fallbacks.length > 0 ? `; if it failed, then ${fallbacks.map((gateway) => `"${gateway.description}"`).join(", then ")}` : "; no other gateway would take it"}.`
    : waits
      ? `The next message from ${sender} would wait in the queue.`
      : `No gateway can take mail from ${sender} now: it would stay queued and be retried.`;
  info("result", chosen ? "ok" : "wait", summary, chosen?.id ?? null);
  return { sender, senderDomain, recipient: recipient ?? null, steps, gateway: chosen, fallbacks, summary };
}

function ruleRateOf(health: { ratePerMinute: number | null; rateLimitedUntil: Date | null } | null): RuleRate | null {
  return health?.ratePerMinute && health.rateLimitedUntil ? { perMinute: health.ratePerMinute, until: health.rateLimitedUntil } : null;
}
