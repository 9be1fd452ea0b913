import type { AnswerRuleActionName } from "@/lib/validation/answer-rule";

/** The action choices as the form shows them. */
export const ACTION_LABELS: Record<AnswerRuleActionName, string> = {
  SUSPEND_GATEWAY: "Suspend the gateway",
  LOWER_RATE: "Lower the gateway's rate",
  DEFER_MESSAGE: "Defer the message (not counted as an attempt)",
};

/** "Suspend the gateway for 15 min", "Lower the rate to 30/min for 60 min", "Defer the message 30 min". */
export function describeAction(rule: { action: AnswerRuleActionName; minutes: number; ratePerMinute: number | null }): string {
  if (rule.action === "SUSPEND_GATEWAY") return `Suspend the gateway for ${rule.minutes} min`;
  if (rule.action === "LOWER_RATE") return `Lower the rate to ${rule.ratePerMinute}/min for ${rule.minutes} min`;
  return `Defer the message ${rule.minutes} min`;
}
