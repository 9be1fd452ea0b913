import type { AnswerRule, SmtpAnswer } from "../rules/match-answer-rule";
import type { GatewaySendResult } from "./types";

/** What the gateway answered, for the answer rules: the failure of the whole transaction, or each undelivered recipient's answer. */
export function listAnswers(result: GatewaySendResult): SmtpAnswer[] {
  if (result.failure) return [{ code: result.failure.code ?? null, text: result.failure.reason }];
  return result.recipients.filter((recipient) => recipient.status !== "delivered").map((recipient) => ({ code: recipient.code ?? null, text: recipient.response }));
}

/**
 * What a fired rule does to this send's result: "suspend" (fail over to the next candidate — only when nothing was
 * delivered and the end of data was answered, so no copy can be sent twice), a result whose undelivered recipients
 * are all deferred (DEFER_MESSAGE: no bounce, no failover), or null (the result stands: LOWER_RATE, or a suspension
 * after part of the message went out).
 */
export function applyAnswerRule(rule: AnswerRule, result: GatewaySendResult): "suspend" | GatewaySendResult | null {
  const delivered = result.recipients.some((recipient) => recipient.status === "delivered");
  const unknown = result.failure?.outcomeUnknown || result.recipients.some((recipient) => recipient.outcomeUnknown);
  if (rule.action === "SUSPEND_GATEWAY") return delivered || unknown ? null : "suspend";
  if (rule.action !== "DEFER_MESSAGE") return null;
  return {
    ...result,
    failure: null,
    recipients: result.recipients.map((recipient) =>
      recipient.status === "delivered" ? recipient : { ...recipient, status: "deferred", failover: false },
    ),
  };
}
