import { getDb } from "../../platform/db";
import type { AnswerRuleInput } from "../../validation/answer-rule";

/** One row of the Rules tab: the stored rule, its gateway's description (null = all gateways) and when it was changed. */
export type AnswerRuleRow = AnswerRuleInput & { id: string; gatewayDescription: string | null; updatedAt: Date };

export const ANSWER_RULE_SELECT = {
  id: true,
  name: true,
  enabled: true,
  gatewayId: true,
  matchCode: true,
  matchEnhancedCode: true,
  matchText: true,
  action: true,
  minutes: true,
  ratePerMinute: true,
  position: true,
  updatedAt: true,
  gateway: { select: { description: true } },
} as const;

/** Every answer rule in the order the engine tries them (position, then age). */
export async function listAnswerRules(): Promise<AnswerRuleRow[]> {
  const rows = await getDb().gatewayAnswerRule.findMany({ orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: ANSWER_RULE_SELECT });
  return rows.map(({ gateway, ...rule }) => ({ ...rule, gatewayDescription: gateway?.description ?? null }));
}

/** One rule for its edit form; null when it no longer exists. */
export async function getAnswerRule(id: string): Promise<AnswerRuleRow | null> {
  const row = await getDb().gatewayAnswerRule.findUnique({ where: { id }, select: ANSWER_RULE_SELECT });
  if (!row) return null;
  const { gateway, ...rule } = row;
  return { ...rule, gatewayDescription: gateway?.description ?? null };
}
