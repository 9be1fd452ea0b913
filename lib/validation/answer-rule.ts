import { z } from "zod";
import { isUuid } from "./uuid";

/**
 * An answer rule as the Rules tab's form and the server take it (issue 15, item 3). Every field is text or a
 * checkbox as the form holds it; numbers are parsed here, so the form and the server refuse the same input.
 *
 * Matching (lib/engine/rules/match-answer-rule.ts): the reply code or class ("421", "4xx", "45x", RFC 5321 §4.2),
 * the enhanced status code or a prefix of whole parts ("4.7.0", "4.7", RFC 3463), and a case-insensitive text
 * pattern where "*" stands for any run of characters (otherwise a substring). A glob, not a regular expression:
 * it is matched left to right in linear time, so no pattern an admin saves can make the engine backtrack.
 */
export const ANSWER_RULE_ACTIONS = ["SUSPEND_GATEWAY", "LOWER_RATE", "DEFER_MESSAGE"] as const;
export type AnswerRuleActionName = (typeof ANSWER_RULE_ACTIONS)[number];

export const MAX_RULE_MINUTES = 10_080; // a week
export const MAX_RULE_RATE_PER_MINUTE = 1_000_000;
export const MAX_PATTERN_LENGTH = 200;
const MAX_WILDCARDS = 8;

const CODE = /^[2-5][0-9x][0-9x]$/;
const ENHANCED_CODE = /^[245](\.\d{1,3}){0,2}$/;
// C0/C1 controls and bidi controls: a pattern with them could never match what an admin sees.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

/** Why a text pattern cannot be saved, or null when it can. Shared by the schema and the engine's loader. */
export function checkTextPattern(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return `At most ${MAX_PATTERN_LENGTH} characters.`;
  if (CONTROL.test(pattern)) return "Control characters cannot appear in an SMTP answer.";
  if ((pattern.match(/\*/g) ?? []).length > MAX_WILDCARDS) return `At most ${MAX_WILDCARDS} "*" wildcards.`;
  if (pattern.replace(/\*/g, "").trim().length < 2) return 'Give at least two characters besides "*" (it would match every answer).';
  return null;
}

const integerText = (label: string, min: number, max: number) =>
  z.string().transform((text, ctx) => {
    const trimmed = text.trim();
    if (!/^\d{1,9}$/.test(trimmed) || Number(trimmed) < min || Number(trimmed) > max) {
      ctx.addIssue({ code: "custom", message: `${label} must be a whole number from ${min} to ${max}.` });
      return z.NEVER;
    }
    return Number(trimmed);
  });

export const answerRuleInputSchema = z
  .object({
    name: z.string().trim().min(1, "Give the rule a name.").max(120, "At most 120 characters."),
    enabled: z.boolean(),
    /** "" = every gateway. */
    gatewayId: z.string().trim().refine((value) => value === "" || isUuid(value), "Choose a gateway or All gateways."),
    matchCode: z
      .string()
      .trim()
      .toLowerCase()
      .refine((value) => value === "" || CODE.test(value), 'A reply code such as 421, or a class such as 4xx or 45x.'),
    matchEnhancedCode: z
      .string()
      .trim()
      .refine((value) => value === "" || ENHANCED_CODE.test(value), "An enhanced status code such as 4.7.0, or a prefix such as 4.7."),
    matchText: z.string().superRefine((value, ctx) => {
      const problem = value.trim() === "" ? null : checkTextPattern(value.trim());
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    action: z.enum(ANSWER_RULE_ACTIONS, "Choose what the rule does."),
    minutes: integerText("Minutes", 1, MAX_RULE_MINUTES),
    /** Only for LOWER_RATE; ignored (and may be blank) otherwise. */
    ratePerMinute: z.string(),
    position: integerText("Order", 1, 100_000),
  })
  .superRefine((input, ctx) => {
    if (input.matchCode === "" && input.matchEnhancedCode === "" && input.matchText.trim() === "") {
      ctx.addIssue({ code: "custom", path: ["matchCode"], message: "Match on a code, an enhanced code or a text (or several)." });
    }
    if (input.action === "LOWER_RATE") {
      const rate = input.ratePerMinute.trim();
      if (!/^\d{1,9}$/.test(rate) || Number(rate) < 1 || Number(rate) > MAX_RULE_RATE_PER_MINUTE) {
        ctx.addIssue({ code: "custom", path: ["ratePerMinute"], message: `Messages per minute: a whole number from 1 to ${MAX_RULE_RATE_PER_MINUTE}.` });
      }
    }
  })
  .transform((input) => ({
    name: input.name,
    enabled: input.enabled,
    gatewayId: input.gatewayId === "" ? null : input.gatewayId,
    matchCode: input.matchCode === "" ? null : input.matchCode,
    matchEnhancedCode: input.matchEnhancedCode === "" ? null : input.matchEnhancedCode,
    matchText: input.matchText.trim() === "" ? null : input.matchText.trim(),
    action: input.action,
    minutes: input.minutes,
    ratePerMinute: input.action === "LOWER_RATE" ? Number(input.ratePerMinute.trim()) : null,
    position: input.position,
  }));

/** What the form holds (all text). */
export type AnswerRuleFormValues = z.input<typeof answerRuleInputSchema>;
/** What the server stores. */
export type AnswerRuleInput = z.output<typeof answerRuleInputSchema>;

/** A stored rule back to the form's text values. */
export function toAnswerRuleFormValues(rule: AnswerRuleInput): AnswerRuleFormValues {
  return {
    name: rule.name,
    enabled: rule.enabled,
    gatewayId: rule.gatewayId ?? "",
    matchCode: rule.matchCode ?? "",
    matchEnhancedCode: rule.matchEnhancedCode ?? "",
    matchText: rule.matchText ?? "",
    action: rule.action,
    minutes: String(rule.minutes),
    ratePerMinute: rule.ratePerMinute === null ? "" : String(rule.ratePerMinute),
    position: String(rule.position),
  };
}

export const EMPTY_ANSWER_RULE: AnswerRuleFormValues = {
  name: "",
  enabled: true,
  gatewayId: "",
  matchCode: "",
  matchEnhancedCode: "",
  matchText: "",
  action: "SUSPEND_GATEWAY",
  minutes: "15",
  ratePerMinute: "",
  position: "100",
};

/** The edit form's input: the rule and the id of the rule it replaces. */
export const answerRuleUpdateSchema = answerRuleInputSchema.and(z.object({ id: z.uuid("Unknown rule.") }));
export type AnswerRuleUpdateValues = z.input<typeof answerRuleUpdateSchema>;
