import { describe, expect, it } from "vitest";
import { parseCidr, type Cidr } from "../platform/parse-cidr";
import { readHttpArrival } from "./read-http-arrival";

const PROXIES = [parseCidr("10.0.0.0/8")!] as Cidr[];

function reader(headers: Record<string, string>) {
  return (name: string) => headers[name] ?? null;
}

describe("readHttpArrival", () => {
  it("says HTTP when no trusted proxy is configured, whatever X-Forwarded-Proto a client writes", () => {
    expect(readHttpArrival(reader({ "x-forwarded-proto": "https" }), [])).toEqual({ clientIp: null, protocol: "HTTP" });
  });

  it("says HTTPS when a trusted proxy in front says the client spoke https (the nearest proxy's value counts)", () => {
    const headers = { "x-forwarded-for": "198.51.100.7", "x-forwarded-proto": "http, https" };
    expect(readHttpArrival(reader(headers), PROXIES)).toEqual({ clientIp: "198.51.100.7", protocol: "HTTPS" });
    expect(readHttpArrival(reader({ ...headers, "x-forwarded-proto": "https, http" }), PROXIES).protocol).toBe("HTTP");
  });
});

describe("readHttpArrival behind the web server (the peer address is stamped)", () => {
  it("believes X-Forwarded-Proto only from a peer that is a trusted proxy", async () => {
    const { stampPeerAddress, PEER_ADDRESS_HEADER } = await import("./peer-address");
    // Sets the process-wide "stamped" flag: this describe runs last in the file.
    stampPeerAddress({ headers: {}, rawHeaders: [], socket: { remoteAddress: "10.1.2.3" } } as never);
    const viaProxy = { [PEER_ADDRESS_HEADER]: "10.1.2.3", "x-forwarded-for": "198.51.100.7", "x-forwarded-proto": "https" };
    expect(readHttpArrival(reader(viaProxy), PROXIES)).toEqual({ clientIp: "198.51.100.7", protocol: "HTTPS" });
    const direct = { ...viaProxy, [PEER_ADDRESS_HEADER]: "203.0.113.9" };
    expect(readHttpArrival(reader(direct), PROXIES)).toEqual({ clientIp: "203.0.113.9", protocol: "HTTP" });
  });
});
