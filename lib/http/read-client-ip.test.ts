import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { parseCidr, type Cidr } from "../platform/parse-cidr";
import { PEER_ADDRESS_HEADER, readPeerAddress, stampPeerAddress } from "./peer-address";
import { readClientIp } from "./read-client-ip";

const PROXIES: Cidr[] = ["10.0.0.0/8", "2001:db8::1"].map((text) => parseCidr(text)!);

function headers(values: Record<string, string>) {
  const map = new Headers(values);
  return (name: string) => map.get(name);
}

describe("readPeerAddress before the web server stamps requests", () => {
  it("ignores a peer header a client wrote itself", () => {
    expect(readPeerAddress(headers({ [PEER_ADDRESS_HEADER]: "192.0.2.1" }))).toBeNull();
    expect(readClientIp(headers({ [PEER_ADDRESS_HEADER]: "192.0.2.1", "x-forwarded-for": "192.0.2.2" }), [])).toBeNull();
  });

  it("reads X-Forwarded-For from the right only when trusted proxies are configured", () => {
    expect(readClientIp(headers({ "x-forwarded-for": "203.0.113.5, 192.0.2.9" }), PROXIES)).toBe("192.0.2.9");
    expect(readClientIp(headers({ "x-forwarded-for": "203.0.113.5, 192.0.2.9, 10.1.1.1" }), PROXIES)).toBe("192.0.2.9");
  });
});

describe("readClientIp behind scripts/web-server.ts", () => {
  const socketRequest = (remoteAddress: string, raw: Record<string, string>) =>
    ({ headers: { ...raw }, rawHeaders: Object.entries(raw).flat(), socket: { remoteAddress } }) as unknown as IncomingMessage;

  function stamped(remoteAddress: string, raw: Record<string, string> = {}) {
    const req = socketRequest(remoteAddress, raw);
    stampPeerAddress(req);
    return { req, read: (name: string) => (req.headers[name] as string | undefined) ?? null };
  }

  it("replaces a client's own peer header with the socket address", () => {
    const { req, read } = stamped("::ffff:198.51.100.7", { [PEER_ADDRESS_HEADER]: "10.0.0.1" });
    expect(read(PEER_ADDRESS_HEADER)).toBe("::ffff:198.51.100.7");
    expect(req.rawHeaders).toEqual([]);
    expect(readClientIp(read, PROXIES)).toBe("198.51.100.7");
  });

  it("never believes X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(readClientIp(stamped("198.51.100.7", { "x-forwarded-for": "192.0.2.1" }).read, [])).toBe("198.51.100.7");
    expect(readClientIp(stamped("198.51.100.7", { "x-forwarded-for": "192.0.2.1" }).read, PROXIES)).toBe("198.51.100.7");
  });

  it("takes the rightmost untrusted hop when the peer is a trusted proxy", () => {
    // The client wrote 192.0.2.1 itself; the proxy appended the address it saw.
    expect(readClientIp(stamped("10.2.3.4", { "x-forwarded-for": "192.0.2.1, 203.0.113.8" }).read, PROXIES)).toBe("203.0.113.8");
    expect(readClientIp(stamped("2001:db8::1", { "x-forwarded-for": "203.0.113.8, 10.9.9.9" }).read, PROXIES)).toBe("203.0.113.8");
    // A proxy with no header, or a garbled one: the proxy itself is all that is known.
    expect(readClientIp(stamped("10.2.3.4").read, PROXIES)).toBe("10.2.3.4");
    expect(readClientIp(stamped("10.2.3.4", { "x-forwarded-for": "192.0.2.1, not-an-ip" }).read, PROXIES)).toBe("10.2.3.4");
  });
});
