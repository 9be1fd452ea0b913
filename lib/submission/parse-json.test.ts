import { describe, expect, it } from "vitest";
import { AppError } from "../platform/errors";
import { parseJson } from "./parse-json";

function refusal(text: string): AppError {
  try {
    parseJson(text);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("parseJson", () => {
  it("parses a body, escapes included", () => {
    expect(parseJson('{"subject":"caf\\u00e9","headers":{"X-Tag":"a"}}')).toEqual({ subject: "café", headers: { "X-Tag": "a" } });
  });

  it("answers 400 for an empty body and for what is not JSON", () => {
    expect(refusal("  ")).toMatchObject({ code: "bad_request", message: expect.stringContaining("empty") });
    expect(refusal("{nope")).toMatchObject({ code: "bad_request", message: expect.stringContaining("not valid JSON") });
  });

  it("refuses a member named __proto__, however it is written, instead of letting it vanish", () => {
    for (const body of ['{"headers":{"__proto__":"x","X-A":"1"}}', '{"__proto__":{"a":1}}', '{"headers":{"\\u005f_proto__":"x"}}', '[{"\\u005F\\u005Fproto\\u005F\\u005F":1}]']) {
      expect(refusal(body), body).toMatchObject({ code: "bad_request", message: expect.stringContaining('"__proto__"') });
    }
    expect(parseJson('{"text":"a __proto__ in a value is text"}')).toEqual({ text: "a __proto__ in a value is text" });
  });
});
