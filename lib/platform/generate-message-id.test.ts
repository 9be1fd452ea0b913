import { describe, expect, it } from "vitest";
import { generateMessageId } from "./generate-message-id";
import type { HostName } from "./host-name";

describe("generateMessageId", () => {
  const host = (name: string, qualified: boolean, source: HostName["source"] = "os.hostname()"): HostName => ({ name, qualified, source });

  it.each([
    ["an FQDN from OUTGATE_EHLO_NAME", host("mx.example.net", true, "OUTGATE_EHLO_NAME"), "mx.example.net"],
    ["an FQDN from the reverse lookup", host("relay.corp.example", true, "reverse lookup"), "relay.corp.example"],
    ["a bare host name", host("web-1", false), "sender.example"],
    ["localhost", host("localhost", false), "sender.example"],
    ["an IPv4 address literal", host("[192.0.2.7]", true, "host address"), "sender.example"],
    ["an IPv6 address literal", host("[IPv6:2001:db8::7]", true, "host address"), "sender.example"],
  ])("puts a random id on Outgate's name when it is an FQDN, else on the sender's domain: %s", (_what, hostName, right) => {
    const id = generateMessageId({ hostName, senderDomain: "sender.example" });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@/);
    expect(id.slice(id.indexOf("@") + 1)).toBe(right);
  });

  it("never gives two messages the same id", () => {
    const hostName = host("mx.example.net", true, "OUTGATE_EHLO_NAME");
    const ids = new Set(Array.from({ length: 1000 }, () => generateMessageId({ hostName, senderDomain: "sender.example" })));
    expect(ids.size).toBe(1000);
  });
});
