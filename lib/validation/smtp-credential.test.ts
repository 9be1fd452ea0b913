import { describe, expect, it } from "vitest";
import { smtpCredentialInputSchema, type SmtpCredentialInput } from "./smtp-credential";

/** The allowedNetworks field errors for this input (the tester's example as the base), or [] when it parses. */
function networkErrors(input: Partial<SmtpCredentialInput>): string[] {
  const result = smtpCredentialInputSchema.safeParse({ name: "X3", username: "x3", domainIds: [], ipRelay: true, ...input });
  if (result.success) return [];
  return result.error.issues.filter((issue) => issue.path[0] === "allowedNetworks").map((issue) => issue.message);
}

const TOO_WIDE = /too wide for IP-only relay/;

describe("smtpCredentialInputSchema: IP-only relay is never (nearly) an open relay", () => {
  it("refuses the whole internet, on the allowedNetworks field: the tester's 0.0.0.0/0 and ::/0", () => {
    expect(networkErrors({ allowedNetworks: ["0.0.0.0/0"] })).toEqual([expect.stringMatching(/^"0\.0\.0\.0\/0" is too wide for IP-only relay/)]);
    expect(networkErrors({ allowedNetworks: "::/0" })).toEqual([expect.stringMatching(TOO_WIDE)]);
  });

  it("refuses each half of the internet (0.0.0.0/1 + 128.0.0.0/1), and every block wider than /8 or /32", () => {
    expect(networkErrors({ allowedNetworks: "0.0.0.0/1, 128.0.0.0/1" })).toEqual([expect.stringMatching(/"0\.0\.0\.0\/1" is too wide/), expect.stringMatching(/"128\.0\.0\.0\/1" is too wide/)]);
    expect(networkErrors({ allowedNetworks: "8.0.0.0/7" })).toEqual([expect.stringMatching(TOO_WIDE)]);
    expect(networkErrors({ allowedNetworks: "2000::/3" })).toEqual([expect.stringMatching(TOO_WIDE)]);
    expect(networkErrors({ allowedNetworks: "2001:db8::/31" })).toEqual([expect.stringMatching(TOO_WIDE)]);
    // A host address written with a short prefix is the block it names.
    expect(networkErrors({ allowedNetworks: "192.0.2.1/0" })).toEqual([expect.stringMatching(TOO_WIDE)]);
  });

  it("takes an office, a hosting range and the largest private block", () => {
    expect(networkErrors({ allowedNetworks: "10.0.0.0/8" })).toEqual([]);
    expect(networkErrors({ allowedNetworks: "10.0.0.0/8\n172.16.0.0/12\n192.168.0.0/16\n198.51.100.0/24" })).toEqual([]);
    expect(networkErrors({ allowedNetworks: "2001:db8::/32, fd12:3456:789a::/48, 192.0.2.10" })).toEqual([]);
  });

  it("refuses IPv4-mapped IPv6 blocks (::ffff:0:0/96 is all of IPv4), asking for the IPv4 form", () => {
    expect(networkErrors({ allowedNetworks: "::ffff:0:0/96" })).toEqual([expect.stringMatching(/IPv4-mapped.*0\.0\.0\.0\/0/)]);
    expect(networkErrors({ allowedNetworks: "::ffff:0.0.0.0/96" })).toEqual([expect.stringMatching(/IPv4-mapped/)]);
    expect(networkErrors({ allowedNetworks: "::ffff:192.0.2.0/120", ipRelay: false })).toEqual([expect.stringMatching(/IPv4-mapped.*192\.0\.2\.0\/24/)]);
    // A shorter IPv6 block that holds the whole mapped range holds all of IPv4 too.
    expect(networkErrors({ allowedNetworks: "::/80" })).toEqual([expect.stringMatching(/all of IPv4/)]);
  });

  it("refuses a bare 0.0.0.0 or :: (no client's address; 'any' only for a listening socket), with or without relay", () => {
    for (const ipRelay of [true, false]) {
      expect(networkErrors({ allowedNetworks: "0.0.0.0", ipRelay })).toEqual([expect.stringMatching(/"0\.0\.0\.0" is no client's address/)]);
      expect(networkErrors({ allowedNetworks: "::", ipRelay })).toEqual([expect.stringMatching(/"::" is no client's address/)]);
      expect(networkErrors({ allowedNetworks: "0.0.0.0/32", ipRelay })).toEqual([expect.stringMatching(/no client's address/)]);
    }
  });

  it("refuses lists that sum to a large share though each block is allowed", () => {
    const eightSlashEights = Array.from({ length: 8 }, (_, index) => `${index + 11}.0.0.0/8`);
    expect(networkErrors({ allowedNetworks: eightSlashEights })).toEqual([expect.stringMatching(/Together these networks hold 134,217,728 IPv4 addresses/)]);
    const slashThirtyTwos = ["2001:db8::/32", "2001:db9::/32", "2001:dba::/32", "2001:dbb::/32"];
    expect(networkErrors({ allowedNetworks: slashThirtyTwos })).toEqual([expect.stringMatching(/Together these networks hold .* IPv6 addresses/)]);
    // Overlaps count once: a /8 listed with its own /16s is one /8.
    expect(networkErrors({ allowedNetworks: ["10.0.0.0/8", "10.1.0.0/16", "10.2.0.0/16", "11.0.0.0/8"] })).toEqual([]);
  });

  it("allows any network for a password credential, where it only narrows where the password works", () => {
    expect(networkErrors({ allowedNetworks: "0.0.0.0/0, ::/0", ipRelay: false })).toEqual([]);
    expect(networkErrors({ allowedNetworks: "0.0.0.0/1, 128.0.0.0/1", ipRelay: false })).toEqual([]);
  });
});
