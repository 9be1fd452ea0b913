import { describe, expect, it } from "vitest";
import { findAnswerRule, matchesTextPattern, parseEnhancedStatusCode, ruleMatches, type AnswerRule } from "./match-answer-rule";

const GATEWAY = "00000000-0000-4000-8000-000000000001";
const OTHER = "00000000-0000-4000-8000-000000000002";

function rule(fields: Partial<AnswerRule>): AnswerRule {
  return { id: "r", name: "r", gatewayId: null, matchCode: null, matchEnhancedCode: null, matchText: null, action: "SUSPEND_GATEWAY", minutes: 5, ratePerMinute: null, ...fields };
}

describe("parseEnhancedStatusCode (RFC 3463)", () => {
  it.each([
    ["421 4.7.0 Try again later, closing connection", "4.7.0"],
    ["session: 421-4.7.28 rate limited", "4.7.28"],
    ["451 4.7.500 Server busy. Please try again later", "4.7.500"],
    ["454 Throttling failure: Maximum sending rate exceeded", null],
    ["421 busy from [4.2.1.5]", null],
    ["250 2.0.0 Ok", "2.0.0"],
  ])("%s → %s", (text, code) => expect(parseEnhancedStatusCode(text)).toBe(code));
});

describe("matchesTextPattern", () => {
  it.each([
    ["450 4.2.1 The user is receiving mail at a rate that prevents", "receiving * at a rate", true],
    ["450 4.2.1 The user is receiving email at a rate that prevents", "RECEIVING * AT A RATE", true],
    ["421 rate limited", "rate limit", true],
    ["421 rate limited", "*rate*limited*", true],
    ["421 limited rate", "rate*limited", false],
    ["421 busy", "rate limit", false],
  ])("%s ~ %s → %s", (text, pattern, expected) => expect(matchesTextPattern(text, pattern)).toBe(expected));

  it("stays linear on a pattern that would make a backtracking regex explode", () => {
    const text = "a".repeat(100_000);
    const started = performance.now();
    expect(matchesTextPattern(text, "*a*a*a*a*a*a*a*b")).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe("ruleMatches", () => {
  const answer = { code: 421, text: "421 4.7.0 [10.0.0.1] Our system has temporarily rate limited your IP" };
  it.each<[string, Partial<AnswerRule>, boolean]>([
    ["exact code", { matchCode: "421" }, true],
    ["code class", { matchCode: "4xx" }, true],
    ["narrower class", { matchCode: "45x" }, false],
    ["enhanced code", { matchEnhancedCode: "4.7.0" }, true],
    ["enhanced prefix", { matchEnhancedCode: "4.7" }, true],
    ["other enhanced code", { matchEnhancedCode: "4.7.1" }, false],
    ["text", { matchText: "rate limited" }, true],
    ["all three", { matchCode: "421", matchEnhancedCode: "4.7", matchText: "rate limited" }, true],
    ["all three, one wrong", { matchCode: "421", matchEnhancedCode: "4.7", matchText: "quota" }, false],
    ["this gateway", { gatewayId: GATEWAY, matchCode: "421" }, true],
    ["another gateway", { gatewayId: OTHER, matchCode: "421" }, false],
    ["no condition at all", {}, false],
  ])("%s", (_name, fields, expected) => expect(ruleMatches(rule(fields), GATEWAY, answer)).toBe(expected));

  it("needs a reply code for a code rule", () => {
    expect(ruleMatches(rule({ matchCode: "4xx" }), GATEWAY, { code: null, text: "connection: ECONNRESET" })).toBe(false);
  });
});

describe("findAnswerRule", () => {
  it("takes the first matching rule in order, and says which answer it matched", () => {
    const rules = [rule({ id: "a", matchCode: "5xx" }), rule({ id: "b", matchText: "rate" }), rule({ id: "c", matchCode: "4xx" })];
    const found = findAnswerRule(rules, GATEWAY, [{ code: 250, text: "ok" }, { code: 450, text: "450 slow down, rate exceeded" }]);
    expect(found?.rule.id).toBe("b");
    expect(found?.answer.code).toBe(450);
    expect(findAnswerRule(rules, GATEWAY, [{ code: 250, text: "250 ok" }])).toBeNull();
  });
});
