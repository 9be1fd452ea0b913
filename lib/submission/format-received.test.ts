import { describe, expect, it } from "vitest";
import { formatReceived, toTraceId, type ReceivedTrace } from "./format-received";

const NOW = new Date("2026-12-01T06:07:08Z");
const DATE = "Tue, 01 Dec 2026 06:07:08 +0000";

describe("formatReceived", () => {
  const smtp: ReceivedTrace = { clientIp: "192.0.2.10", helo: "app.example", clientHostname: "app.example", protocol: "ESMTPSA", hostName: "mx.example.net", id: "s1a2b3" };

  it("writes an SMTP arrival with the client's EHLO name and TCP-info (RFC 5321 §4.4)", () => {
    expect(formatReceived(smtp, NOW)).toBe(`Received: from app.example (app.example [192.0.2.10])\r\n\tby mx.example.net (Outgate) with ESMTPSA id s1a2b3;\r\n\t${DATE}\r\n`);
    expect(formatReceived({ ...smtp, clientHostname: null, helo: "bad\x00 name\r\n" }, NOW)).toMatch(/^Received: from badname \(\[192\.0\.2\.10\]\)\r\n/);
  });

  it("writes an HTTP arrival: the client's address as an address literal, HTTP(S), the Message-ID as the id", () => {
    const http: ReceivedTrace = { clientIp: "192.0.2.20", protocol: "HTTPS", hostName: "mx.example.net", id: "<abc@mx.example.net>" };
    expect(formatReceived(http, NOW)).toBe(`Received: from [192.0.2.20]\r\n\tby mx.example.net (Outgate) with HTTPS id <abc@mx.example.net>;\r\n\t${DATE}\r\n`);
    expect(formatReceived({ ...http, clientIp: "2001:db8::20", protocol: "HTTP" }, NOW)).toMatch(/^Received: from \[IPv6:2001:db8::20\]\r\n\tby mx\.example\.net \(Outgate\) with HTTP id /);
  });

  it("leaves the from clause out when the client's address is unknown, and the id when there is none", () => {
    expect(formatReceived({ clientIp: null, protocol: "HTTP", hostName: "mx.example.net", id: null }, NOW)).toBe(`Received: by mx.example.net (Outgate) with HTTP;\r\n\t${DATE}\r\n`);
  });

  it("keeps every line under 998 octets: a very long id is left out", () => {
    const id = `<${"a".repeat(980)}@example.com>`;
    const field = formatReceived({ clientIp: "192.0.2.20", protocol: "HTTP", hostName: "mx.example.net", id }, NOW);
    expect(field).not.toContain(" id ");
    expect(Math.max(...field.split("\r\n").map((line) => line.length))).toBeLessThan(998);
  });
});

describe("toTraceId", () => {
  it.each([
    ["m1@example.com", "<m1@example.com>"],
    ['"quoted id"@example.com', null],
    ["é@example.com", null],
    ["a(b)@example.com", null],
  ])("reads the Message-ID %s as the id %s", (messageId, id) => {
    expect(toTraceId(messageId)).toBe(id);
  });
});
