import { describe, expect, it } from "vitest";
import { answerRuleInputSchema, EMPTY_ANSWER_RULE, toAnswerRuleFormValues, type AnswerRuleFormValues } from "./answer-rule";
import { fieldErrorsFromZod } from "@/lib/platform/errors";

const valid: AnswerRuleFormValues = { ...EMPTY_ANSWER_RULE, name: "Gmail rate limit", matchCode: "421", matchEnhancedCode: "4.7", matchText: "rate limited" };

function errorsOf(values: Partial<AnswerRuleFormValues>) {
  const parsed = answerRuleInputSchema.safeParse({ ...valid, ...values });
  return parsed.success ? {} : fieldErrorsFromZod(parsed.error);
}

describe("answerRuleInputSchema", () => {
  it("parses the form's text into what is stored, and back", () => {
    const parsed = answerRuleInputSchema.parse({ ...valid, matchCode: " 4XX ", minutes: "30", position: "5" });
    expect(parsed).toEqual({
      name: "Gmail rate limit",
      enabled: true,
      gatewayId: null,
      matchCode: "4xx",
      matchEnhancedCode: "4.7",
      matchText: "rate limited",
      action: "SUSPEND_GATEWAY",
      minutes: 30,
      ratePerMinute: null,
      position: 5,
    });
    expect(answerRuleInputSchema.parse(toAnswerRuleFormValues(parsed))).toEqual(parsed);
  });

  it.each<[string, Partial<AnswerRuleFormValues>, string, RegExp]>([
    ["a code that is not one", { matchCode: "42" }, "matchCode", /reply code/],
    ["a code of another class", { matchCode: "6xx" }, "matchCode", /reply code/],
    ["a bad enhanced code", { matchEnhancedCode: "4.7.0.1" }, "matchEnhancedCode", /enhanced status code/],
    ["a pattern of wildcards only", { matchText: "***" }, "matchText", /two characters/],
    ["a pattern with control characters", { matchText: "rate\u0000limit" }, "matchText", /Control characters/],
    ["a pattern with a bidi control", { matchText: "rate\u202elimit" }, "matchText", /Control characters/],
    ["too many wildcards", { matchText: "a*b*c*d*e*f*g*h*i*j" }, "matchText", /wildcards/],
    ["an overlong pattern", { matchText: "x".repeat(201) }, "matchText", /200/],
    ["no condition", { matchCode: "", matchEnhancedCode: "", matchText: " " }, "matchCode", /Match on a code/],
    ["minutes out of range", { minutes: "0" }, "minutes", /1 to 10080/],
    ["minutes not a number", { minutes: "soon" }, "minutes", /whole number/],
    ["a lowered rate without a rate", { action: "LOWER_RATE", ratePerMinute: "" }, "ratePerMinute", /Messages per minute/],
    ["a gateway that is no id", { gatewayId: "primary" }, "gatewayId", /Choose a gateway/],
    ["no name", { name: "  " }, "name", /name/],
  ])("refuses %s with a field error", (_name, values, field, message) => {
    const errors = errorsOf(values) as Record<string, string[] | undefined>;
    expect(errors[field]?.join(" ")).toMatch(message);
  });

  it("keeps the rate only for LOWER_RATE", () => {
    expect(answerRuleInputSchema.parse({ ...valid, action: "LOWER_RATE", ratePerMinute: "30" }).ratePerMinute).toBe(30);
    expect(answerRuleInputSchema.parse({ ...valid, action: "DEFER_MESSAGE", ratePerMinute: "30" }).ratePerMinute).toBeNull();
  });
});
