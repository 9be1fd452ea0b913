import { getEnv } from "../../platform/env";
import { getHostName } from "../../platform/host-name";
import { log } from "../../platform/log";
import type { DeliveryContext } from "../delivery/deliver-message";
import { coolDownGateway } from "../routing/gateway-cooldown";
import type { RoutingTableCache } from "../routing/load-routing-table";
import type { AnswerRulesCache, RulesInForce } from "../rules/load-answer-rules";
import { recordRuleFired } from "../rules/record-rule-fired";
import { GATEWAY_COOLDOWN_SECONDS, type DrainOptions } from "./drain-options";

/**
 * The delivery context one claim's messages share: the gateways that failed during it, the answer rules in force,
 * and what a gateway failure or a fired rule does for every worker — a cool-down, a suspension, a lowered rate, each
 * written to gateway_health — and for this drain: the cached routing rows (and rules) are dropped so the next claim
 * sees the change.
 */
export async function buildDeliveryContext(
  routing: RoutingTableCache,
  rulesCache: AnswerRulesCache,
  rules: RulesInForce,
  options: DrainOptions & { workerId: string },
): Promise<DeliveryContext> {
  return {
    failedGateways: new Map(),
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
