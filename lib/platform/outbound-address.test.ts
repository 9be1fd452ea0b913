import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";
import { createOutboundDenyList, DEFAULT_OUTBOUND_DENY } from "./outbound-deny-list";
import { OutboundDeniedError, resolveOutboundAddresses, type LookupAll } from "./resolve-outbound-address";

const BASE = { DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/db", OUTGATE_SECRET_KEY: "ab".repeat(32), NEXTAUTH_SECRET: "s".repeat(32) };
const DEFAULTS = createOutboundDenyList([]);

/** A resolver that answers from a table instead of DNS, as getaddrinfo would (every address of the name). */
function lookupFrom(table: Record<string, string[]>): LookupAll {
  return async (name) => {
    const addresses = table[name];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
}

describe("resolveOutboundAddresses", () => {
  it.each([
    "169.254.169.254", // the cloud metadata service
    "169.254.0.1",
    "::ffff:169.254.169.254",
    "[::ffff:169.254.169.254]",
    "::ffff:a9fe:a9fe",
    "fe80::1",
    "[fe80::1]",
    "fe80::1%eth0",
    "febf:ffff::1",
  ])("refuses the link-local address %s by default", async (host) => {
    await expect(resolveOutboundAddresses(host, { denyList: DEFAULTS })).rejects.toBeInstanceOf(OutboundDeniedError);
    await expect(resolveOutboundAddresses(host, { denyList: DEFAULTS })).rejects.toMatchObject({ code: "EDENIED" });
  });

  it.each([
    ["127.0.0.1", 4],
    ["10.1.2.3", 4],
    ["192.168.1.20", 4],
    ["172.16.0.9", 4],
    ["::1", 6],
    ["[::1]", 6],
    ["fd00::25", 6],
    ["169.253.255.255", 4],
    ["169.255.0.1", 4],
  ])("allows %s (loopback and private ranges host SmarterMail on a LAN)", async (host, family) => {
    await expect(resolveOutboundAddresses(host, { denyList: DEFAULTS })).resolves.toEqual([{ address: host.replace(/^\[|\]$/g, ""), family }]);
  });

  it("checks every address a name resolves to, and gives back the checked ones to connect to", async () => {
    const lookup = lookupFrom({ "mixed.test": ["10.0.0.5", "169.254.169.254"], "lan.test": ["192.168.1.5", "fd00::5"], "mapped.test": ["::ffff:169.254.169.254"] });

    await expect(resolveOutboundAddresses("mixed.test", { lookup, denyList: DEFAULTS })).rejects.toBeInstanceOf(OutboundDeniedError);
    await expect(resolveOutboundAddresses("mapped.test", { lookup, denyList: DEFAULTS })).rejects.toBeInstanceOf(OutboundDeniedError);
    await expect(resolveOutboundAddresses("lan.test", { lookup, denyList: DEFAULTS })).resolves.toEqual([
      { address: "192.168.1.5", family: 4 },
      { address: "fd00::5", family: 6 },
    ]);
    await expect(resolveOutboundAddresses("missing.test", { lookup, denyList: DEFAULTS })).rejects.toMatchObject({ code: "ENOTFOUND" });
  });
});

describe("OUTGATE_OUTBOUND_DENY", () => {
  it("adds CIDRs to the link-local defaults, v4 and v6, a bare address meaning itself", async () => {
    const { OUTGATE_OUTBOUND_DENY: extra } = parseEnv({ ...BASE, OUTGATE_OUTBOUND_DENY: " 10.0.0.0/8, 2001:db8::/32 ,192.0.2.7,, " });
    expect(extra).toEqual(["10.0.0.0/8", "2001:db8::/32", "192.0.2.7/32"]);
    const denyList = createOutboundDenyList(extra);

    for (const host of ["10.9.8.7", "::ffff:10.9.8.7", "2001:db8::25", "192.0.2.7", "169.254.169.254", "fe80::1"]) {
      await expect(resolveOutboundAddresses(host, { denyList }), host).rejects.toBeInstanceOf(OutboundDeniedError);
    }
    for (const host of ["192.0.2.8", "127.0.0.1", "2001:db9::1"]) {
      await expect(resolveOutboundAddresses(host, { denyList }), host).resolves.toEqual([{ address: host, family: host.includes(":") ? 6 : 4 }]);
    }
  });

  it("is empty when unset: only the defaults apply", () => {
    expect(parseEnv(BASE).OUTGATE_OUTBOUND_DENY).toEqual([]);
    expect(DEFAULT_OUTBOUND_DENY).toEqual(["169.254.0.0/16", "fe80::/10"]);
  });

  it.each(["10.0.0.0/33", "fe80::/129", "metadata.internal", "10.0.0.0/8/8", "10.0.0.0/", "10.0.0.0/08x"])("refuses %j, naming the variable", (entry) => {
    expect(() => parseEnv({ ...BASE, OUTGATE_OUTBOUND_DENY: `192.0.2.0/24,${entry}` })).toThrow(/Invalid configuration: OUTGATE_OUTBOUND_DENY: .*CIDR/);
  });
});
