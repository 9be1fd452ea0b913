import { describe, expect, it } from "vitest";
import { normaliseHeloName } from "../validation/helo-name";
import { parseEnv } from "./env";
import { describeHostName, resolveHostName, type HostNameSources } from "./host-name";

const ENV = { DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/db", OUTGATE_SECRET_KEY: "ab".repeat(32), NEXTAUTH_SECRET: "s".repeat(32) };

function sources(overrides: Partial<HostNameSources>): HostNameSources {
  return {
    hostname: () => "web-1",
    lookup: async () => "192.0.2.10",
    lookupService: async () => "web-1",
    timeoutMs: 50,
    ...overrides,
  };
}

describe("resolveHostName", () => {
  it("uses OUTGATE_EHLO_NAME when it is set, without looking anything up", async () => {
    const fail = async () => Promise.reject(new Error("no lookups"));
    expect(await resolveHostName(sources({ configured: "mta.example.org", lookup: fail, lookupService: fail }))).toEqual({
      name: "mta.example.org",
      qualified: true,
      source: "OUTGATE_EHLO_NAME",
    });
  });

  it("prefers the canonical name from a reverse lookup of the host's address", async () => {
    const seen: string[] = [];
    const resolved = await resolveHostName(
      sources({
        lookup: async (name) => (seen.push(`lookup ${name}`), "192.0.2.10"),
        lookupService: async (address) => (seen.push(`lookupService ${address}`), "Web-1.Example.ORG."),
      }),
    );
    expect(resolved).toEqual({ name: "web-1.example.org", qualified: true, source: "reverse lookup" });
    expect(seen).toEqual(["lookup web-1", "lookupService 192.0.2.10"]);
  });

  it("takes os.hostname() when it is fully qualified and the reverse name is not", async () => {
    expect(await resolveHostName(sources({ hostname: () => "mail.example.net", lookupService: async () => "localhost" }))).toEqual({
      name: "mail.example.net",
      qualified: true,
      source: "os.hostname()",
    });
  });

  it("falls back to the host's address as a literal (RFC 5321 §4.1.3), IPv6 tagged", async () => {
    expect((await resolveHostName(sources({}))).name).toBe("[192.0.2.10]");
    expect((await resolveHostName(sources({ lookup: async () => "2001:DB8::10" }))).name).toBe("[IPv6:2001:db8::10]");
  });

  it("keeps the bare name, marked as not qualified, when the only address is loopback or nothing answers", async () => {
    expect(await resolveHostName(sources({ lookup: async () => "127.0.1.1" }))).toEqual({ name: "web-1", qualified: false, source: "os.hostname()" });
    const never = () => new Promise<string>(() => {});
    expect(await resolveHostName(sources({ lookup: never }))).toEqual({ name: "web-1", qualified: false, source: "os.hostname()" });
    const broken = async () => Promise.reject(new Error("ENOTFOUND"));
    expect(await resolveHostName(sources({ hostname: () => "", lookup: broken }))).toEqual({ name: "localhost", qualified: false, source: "os.hostname()" });
  });

  it("says at start-up which name is in use, and warns when it is not fully qualified", () => {
    expect(describeHostName({ name: "mta.example.org", qualified: true, source: "reverse lookup" })).toBe("[outgate] announcing itself as mta.example.org (reverse lookup)");
    expect(describeHostName({ name: "web-1", qualified: false, source: "os.hostname()" })).toMatch(
      /^\[outgate\] warning: announcing itself as "web-1", which is not a fully qualified domain name \(RFC 5321 §4\.1\.1\.1\).*Set OUTGATE_EHLO_NAME/,
    );
  });
});

describe("OUTGATE_EHLO_NAME", () => {
  it.each([
    ["mta.example.org", "mta.example.org"],
    ["MTA.Example.ORG.", "mta.example.org"],
    ["bücher.example", "xn--bcher-kva.example"],
    ["[192.0.2.1]", "[192.0.2.1]"],
    ["[IPv6:2001:DB8::1]", "[IPv6:2001:db8::1]"],
  ])("takes %j as %j", (value, name) => {
    expect(parseEnv({ ...ENV, OUTGATE_EHLO_NAME: value }).OUTGATE_EHLO_NAME).toBe(name);
  });

  it("is unset by default (the host's name is resolved at start)", () => {
    expect(parseEnv(ENV).OUTGATE_EHLO_NAME).toBeUndefined();
    expect(parseEnv({ ...ENV, OUTGATE_EHLO_NAME: "" }).OUTGATE_EHLO_NAME).toBeUndefined();
  });

  it.each(["localhost", "web-1", "192.0.2.1", "[2001:db8::1]", "[300.1.1.1]", "mail.localhost", "bad_name.example", "a b.example"])(
    "refuses %j: not an FQDN or address literal",
    (value) => {
      expect(() => parseEnv({ ...ENV, OUTGATE_EHLO_NAME: value })).toThrow(/^Invalid configuration: OUTGATE_EHLO_NAME: OUTGATE_EHLO_NAME must be a fully qualified domain name/);
      expect(normaliseHeloName(value)).toBeNull();
    },
  );
});
