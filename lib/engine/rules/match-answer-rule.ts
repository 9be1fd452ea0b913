import type { AnswerRuleActionName } from "../../validation/answer-rule";

/**
 * An answer rule as the engine takes it: plain values, loaded by the queue (load-answer-rules.ts) and passed down to
 * delivery, which never touches the database. Rules come in position order, enabled ones only.
 */
export type AnswerRule = {
  id: string;
  name: string;
  /** null = every gateway. */
  gatewayId: string | null;
  /** "421", or a class with "x" for any digit ("4xx", "45x"). */
  matchCode: string | null;
  /** "4.7.0", or a prefix of whole parts ("4.7"). */
  matchEnhancedCode: string | null;
  /** Case-insensitive; "*" is any run of characters; a substring otherwise. */
  matchText: string | null;
  action: AnswerRuleActionName;
  minutes: number;
  /** LOWER_RATE only. */
  ratePerMinute: number | null;
};

/** One answer from a gateway: its reply code (null for a local error without one) and its text. */
export type SmtpAnswer = { code: number | null; text: string };

// RFC 3463 §2: class "." subject "." detail — class 2, 4 or 5, subject up to 3 digits, detail up to 3 digits. Not
// part of a longer dotted number (an IP address such as 4.2.1.5 in the text is not a status code).
const ENHANCED_CODE = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?!\.?\d)/;

/** The first enhanced status code in an answer ("421 4.7.0 Try again later" → "4.7.0"), or null. */
export function parseEnhancedStatusCode(text: string): string | null {
  const match = ENHANCED_CODE.exec(text);
  return match ? `${match[1]}.${Number(match[2])}.${Number(match[3])}` : null;
}

/** "421" matches 421; "4xx" any 4yz; "45x" 450–459. */
export function matchesReplyCode(code: number | null, pattern: string): boolean {
  if (code === null) return false;
  const digits = String(code);
  if (digits.length !== 3 || pattern.length !== 3) return false;
  return [...pattern.toLowerCase()].every((char, index) => char === "x" || char === digits[index]);
}

/** "4.7" matches 4.7.0 and 4.7.500; "4.7.0" matches only 4.7.0 (parts compared as numbers: "4.7.00" is 4.7.0). */
export function matchesEnhancedCode(answerCode: string | null, pattern: string): boolean {
  if (answerCode === null) return false;
  const have = answerCode.split(".").map(Number);
  const want = pattern.split(".").map(Number);
  return want.length <= have.length && want.every((part, index) => part === have[index]);
}

/**
 * Case-insensitive glob: the literal runs between "*" must occur in this order anywhere in the text (the pattern is
 * not anchored, so "rate limit" and "*rate limit*" mean the same). Each run is found with indexOf after the previous
 * one, the leftmost occurrence — correct for "*" alone and linear in the text per run: no backtracking.
 */
export function matchesTextPattern(text: string, pattern: string): boolean {
  const haystack = text.toLowerCase();
  let from = 0;
  for (const part of pattern.toLowerCase().split("*")) {
    if (part === "") continue;
    const at = haystack.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

/** Whether `rule` matches `answer` from the gateway `gatewayId`: every condition the rule sets must hold. */
export function ruleMatches(rule: AnswerRule, gatewayId: string, answer: SmtpAnswer): boolean {
  if (rule.gatewayId !== null && rule.gatewayId !== gatewayId) return false;
  if (rule.matchCode === null && rule.matchEnhancedCode === null && rule.matchText === null) return false;
  if (rule.matchCode !== null && !matchesReplyCode(answer.code, rule.matchCode)) return false;
  if (rule.matchEnhancedCode !== null && !matchesEnhancedCode(parseEnhancedStatusCode(answer.text), rule.matchEnhancedCode)) return false;
  if (rule.matchText !== null && !matchesTextPattern(answer.text, rule.matchText)) return false;
  return true;
}

/** The first rule (in the order given) that matches any of `answers`, with the answer it matched; null when none. */
export function findAnswerRule(rules: readonly AnswerRule[], gatewayId: string, answers: readonly SmtpAnswer[]): { rule: AnswerRule; answer: SmtpAnswer } | null {
  for (const rule of rules) {
    const answer = answers.find((candidate) => ruleMatches(rule, gatewayId, candidate));
    if (answer) return { rule, answer };
  }
  return null;
}

/** "suspend the gateway for 15 min", "lower the rate to 30/min for 60 min", "defer the message 30 min". */
export function describeRuleAction(rule: Pick<AnswerRule, "action" | "minutes" | "ratePerMinute">): string {
  if (rule.action === "SUSPEND_GATEWAY") return `suspend the gateway for ${rule.minutes} min`;
  if (rule.action === "LOWER_RATE") return `lower the rate to ${rule.ratePerMinute}/min for ${rule.minutes} min`;
  return `defer the message ${rule.minutes} min (not counted as an attempt)`;
}

/** How an attempt names the rule that fired: `Rule "name": action`. */
export function labelFiredRule(rule: AnswerRule): string {
  return `Rule "${rule.name}": ${describeRuleAction(rule)}`;
}
