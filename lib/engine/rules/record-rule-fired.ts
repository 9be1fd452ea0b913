import { getDb } from "../../platform/db";
import { labelFiredRule, type AnswerRule, type SmtpAnswer } from "./match-answer-rule";

const MAX_TEXT = 2000;

/**
 * Records, for every worker, that `rule` fired on `answer` from gateway `gatewayId` (gateway_health):
 * - SUSPEND_GATEWAY: suspended_until and the shared cool-down both reach now + minutes (never shortened: an earlier,
 *   longer suspension stays), so routing tries the gateway last and the drain skips it (load-answer-rules.ts); a
 *   probe or a delivery does not end a cool-down before suspended_until (gateway-probes.ts, gateway-cooldown.ts).
 * - LOWER_RATE: rate_per_minute and rate_limited_until.
 * - DEFER_MESSAGE: only the firing itself (the message's own deferral is written with its outcome).
 * Every action records rule_fired_at and rule_fired ("Rule "name": action — answer"), shown in gateway health.
 */
export async function recordRuleFired(gatewayId: string, rule: AnswerRule, answer: SmtpAnswer): Promise<void> {
  const fired = `${labelFiredRule(rule)} — ${answer.text}`.replace(/\u0000/g, "").slice(0, MAX_TEXT);
  const error = answer.text.replace(/\u0000/g, "").slice(0, MAX_TEXT);
  const db = getDb();
  if (rule.action === "SUSPEND_GATEWAY") {
    await db.$executeRaw`
      INSERT INTO gateway_health (gateway_id, suspended_until, cooldown_until, last_failure_at, last_error, rule_fired_at, rule_fired)
      VALUES (${gatewayId}::uuid, now() + make_interval(mins => ${rule.minutes}::int), now() + make_interval(mins => ${rule.minutes}::int),
              now(), ${error}, now(), ${fired})
      ON CONFLICT (gateway_id) DO UPDATE
        SET suspended_until = greatest(gateway_health.suspended_until, EXCLUDED.suspended_until),
            cooldown_until = greatest(gateway_health.cooldown_until, EXCLUDED.cooldown_until),
            last_failure_at = EXCLUDED.last_failure_at, last_error = EXCLUDED.last_error,
            rule_fired_at = EXCLUDED.rule_fired_at, rule_fired = EXCLUDED.rule_fired`;
    return;
  }
  if (rule.action === "LOWER_RATE") {
    await db.$executeRaw`
      INSERT INTO gateway_health (gateway_id, rate_per_minute, rate_limited_until, rule_fired_at, rule_fired)
      VALUES (${gatewayId}::uuid, ${rule.ratePerMinute}::int, now() + make_interval(mins => ${rule.minutes}::int), now(), ${fired})
      ON CONFLICT (gateway_id) DO UPDATE
        SET rate_per_minute = EXCLUDED.rate_per_minute, rate_limited_until = EXCLUDED.rate_limited_until,
            rule_fired_at = EXCLUDED.rule_fired_at, rule_fired = EXCLUDED.rule_fired`;
    return;
  }
  await db.$executeRaw`
    INSERT INTO gateway_health (gateway_id, rule_fired_at, rule_fired) VALUES (${gatewayId}::uuid, now(), ${fired})
    ON CONFLICT (gateway_id) DO UPDATE SET rule_fired_at = EXCLUDED.rule_fired_at, rule_fired = EXCLUDED.rule_fired`;
}
