import { describe, expect, it } from "vitest";
import { readBearerToken } from "./read-bearer-token";

describe("readBearerToken", () => {
  it("reads one token68 token after the scheme, in any case, with one or more spaces", () => {
    expect(readBearerToken("Bearer og_abc-DEF")).toBe("og_abc-DEF");
    expect(readBearerToken("bearer  og_abc ")).toBe("og_abc");
    expect(readBearerToken("BEARER a.b.c")).toBe("a.b.c");
    expect(readBearerToken("Bearer ~+/9==")).toBe("~+/9==");
  });

  it("finds no token in anything else", () => {
    const notBearer = [null, undefined, "", "Bearer", "Bearer ", "Basic og_abc", "og_abc", "Bearerog_abc", "Bearer a b", "Bearer\tog_abc"];
    const notToken68 = ["Bearer a=b", "Bearer =abc", "Bearer og_é", "Bearer a,b", 'Bearer "abc"', "Bearer a;b"];
    for (const header of [...notBearer, ...notToken68]) expect(readBearerToken(header), String(header)).toBeNull();
  });
});
