import { describe, expect, it } from "vitest";
import { readBearerToken } from "../http/read-bearer-token";
import { parseEnv } from "./env";

const BASE = { DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/db", OUTGATE_SECRET_KEY: "ab".repeat(32), NEXTAUTH_SECRET: "s".repeat(32) };

describe("parseEnv", () => {
  it("accepts a worker token that a client can send as a Bearer token", () => {
    const token = "0123456789abcdef-._~+/ABC==";
    expect(parseEnv({ ...BASE, OUTGATE_WORKER_TOKEN: token }).OUTGATE_WORKER_TOKEN).toBe(token);
    expect(readBearerToken(`Bearer ${token}`)).toBe(token);
  });

  it.each([
    ["a space", "0123456789 abcdef"],
    ["a quote", '0123456789"abcdef'],
    ["padding in the middle", "0123456789==abcdef"],
    ["too short", "short-token"],
  ])("refuses a worker token with %s, naming the variable", (_, token) => {
    expect(() => parseEnv({ ...BASE, OUTGATE_WORKER_TOKEN: token })).toThrow(/Invalid configuration: OUTGATE_WORKER_TOKEN: /);
  });

  it("reads trusted proxies as addresses and CIDR blocks, none by default, and names a bad entry", () => {
    expect(parseEnv(BASE).OUTGATE_TRUSTED_PROXIES).toEqual([]);
    expect(parseEnv({ ...BASE, OUTGATE_TRUSTED_PROXIES: " 10.0.0.0/8, 192.0.2.1 ,2001:db8::/32" }).OUTGATE_TRUSTED_PROXIES).toEqual([
      { network: "10.0.0.0", prefix: 8, family: "ipv4" },
      { network: "192.0.2.1", prefix: 32, family: "ipv4" },
      { network: "2001:db8::", prefix: 32, family: "ipv6" },
    ]);
    expect(() => parseEnv({ ...BASE, OUTGATE_TRUSTED_PROXIES: "10.0.0.0/8, proxy.local" })).toThrow(/OUTGATE_TRUSTED_PROXIES: not an IP address or CIDR block .*"proxy.local"/);
    expect(parseEnv({ ...BASE, OUTGATE_OUTBOUND_DENY: "10.0.0.0/8" }).OUTGATE_OUTBOUND_DENY).toEqual(["10.0.0.0/8"]);
  });
});
