import { describe, expect, it } from "vitest";
import { gatewayDisplayName, gatewayOptionLabel } from "./labels";

describe("the domain pages' gateway labels", () => {
  it("tell two gateways on one host apart by their port", () => {
    const relay = { description: "Relay", address: "127.0.0.1", enabled: true };
    expect(gatewayOptionLabel({ ...relay, port: 25 })).toBe("Relay (127.0.0.1:25)");
    expect(gatewayOptionLabel({ ...relay, port: 2525 })).toBe("Relay (127.0.0.1:2525)");
  });

  it("put an IPv6 address in brackets, so the port stays apart", () => {
    expect(gatewayDisplayName({ description: "V6 relay", address: "2001:db8::1", port: 25, enabled: true })).toBe("V6 relay ([2001:db8::1]:25)");
  });

  it("mark a disabled gateway and show bidi controls in its description", () => {
    expect(gatewayOptionLabel({ description: "Off\u202e", address: "relay.example.net", port: 587, enabled: false })).toBe("Off⟨U+202E⟩ (relay.example.net:587) — disabled");
  });
});
