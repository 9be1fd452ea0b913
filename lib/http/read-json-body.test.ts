import { describe, expect, it } from "vitest";
import { readJsonBody } from "./read-json-body";

describe("readJsonBody (the console and admin API bodies)", () => {
  it("refuses a member named __proto__ as the submission API does", async () => {
    const body = Buffer.from('{"name":"x","limits":{"\\u005f_proto__":{"perHour":1}}}');
    const request = { header: () => "application/json", readBody: async () => body };
    await expect(readJsonBody(request, { maxBytes: 1_000 })).rejects.toMatchObject({ code: "bad_request", message: expect.stringContaining('"__proto__"') });
    await expect(readJsonBody({ ...request, readBody: async () => Buffer.from('{"a":1}') }, { maxBytes: 1_000 })).resolves.toEqual({ a: 1 });
  });
});
