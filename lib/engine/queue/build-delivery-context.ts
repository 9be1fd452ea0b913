import { getEnv } from "../../platform/env";
import { getHostName } from "../../platform/host-name";
import { log } from "../../platform/log";
import type { FailedGateways } from "../delivery/admit-candidate";
import type { DeliveryContext } from "../delivery/deliver-message";
import { coolDownGateway } from "../routing/gateway-cooldown";
import type { RoutingTableCache } from "../routing/load-routing-table";
import type { AnswerRulesCache, RulesInForce } from "../rules/load-answer-rules";
import { recordRuleFired } from "../rules/record-rule-fired";
import { GATEWAY_COOLDOWN_SECONDS, type DrainOptions } from "./drain-options";

/**
 * The delivery context one claim's messages share: the gateways that failed within the cool-down in any claim of the
 * drain (`gatewayFailures`, the drain's own), the answer rules in force, and what a gateway failure or a fired rule
 * does for every worker — a cool-down, a suspension, a lowered rate, each written to gateway_health — and for this
 * drain: the cached routing rows (and rules) are dropped so the next claim sees the change.
 */
export async function buildDeliveryContext(
  routing: RoutingTableCache,
  rulesCache: AnswerRulesCache,
  rules: RulesInForce,
  options: DrainOptions & { workerId: string },
  gatewayFailures: Map<string, { reason: string; at: number }>,
): Promise<DeliveryContext> {
  return {
    failedGateways: viewRecentFailures(gatewayFailures, GATEWAY_COOLDOWN_SECONDS * 1000),
    onGatewayFailure: (gateway, reason) => {
      // The next claim must see the cool-down, not the cached rows from before it.
      routing.invalidate();
      return coolDownGateway(gateway.id, GATEWAY_COOLDOWN_SECONDS, reason).catch((error) =>
        log("error", "gateway.cooldown_failed", { gatewayId: gateway.id, error }),
      );
    },
    transportSettings: { ehloName: (await getHostName()).name, maxConnections: getEnv().OUTGATE_GATEWAY_CONNECTIONS, ...options.transport },
    answerRules: rules.rules,
    suspendedGateways: rules.suspended,
    onRuleFired: (gateway, rule, answer) => {
      log("warn", "gateway.rule_fired", { gatewayId: gateway.id, rule: rule.name, action: rule.action, minutes: rule.minutes, code: answer.code });
      // The next claim must see the suspension (routing order and the skip) or the lowered rate (a per-minute limit,
      // load-routing-table.ts), not the cached rows from before it.
      if (rule.action !== "DEFER_MESSAGE") {
        routing.invalidate();
        rulesCache.invalidate();
      }
      return recordRuleFired(gateway.id, rule, answer).catch((error) => log("error", "gateway.rule_record_failed", { gatewayId: gateway.id, error }));
    },
  };
}

/**
 * The drain's gateway failures as one claim's failedGateways: a claim skips a gateway that failed in any claim of the
 * drain within `maxAgeMs` (the cool-down), not only in its own. Claims are routed ahead of their sends, so those routed
 * before the failure would each have tried the gateway once more — for a gateway that never greets, one greeting
 * timeout per claim in flight, one after another at a low send concurrency. Claims routed later see the cool-down in
 * the routing table too.
 */
function viewRecentFailures(failures: Map<string, { reason: string; at: number }>, maxAgeMs: number): FailedGateways {
  const recent = (gatewayId: string) => {
    const failure = failures.get(gatewayId);
    return failure && Date.now() - failure.at < maxAgeMs ? failure.reason : undefined;
  };
  return {
    get: recent,
    has: (gatewayId) => recent(gatewayId) !== undefined,
    set: (gatewayId, reason) => failures.set(gatewayId, { reason, at: Date.now() }),
  };
}
