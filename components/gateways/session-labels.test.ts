import { describe, expect, it } from "vitest";
import { GATEWAY_SESSION_FACTS } from "@/lib/console/gateways/session-columns";
import { formatSeconds, timeoutHint, timeoutWarning } from "./session-labels";

const facts = GATEWAY_SESSION_FACTS;

describe("timeoutWarning", () => {
  it("warns below the RFC 5321 §4.5.3.2 minimum of each SMTP stage, not at or above it", () => {
    expect(timeoutWarning("greetingTimeoutSeconds", "299", facts)).toMatch(/^Shorter than RFC 5321 §4\.5\.3\.2\.1 allows a server to take \(5 minutes\)\. A slow but working gateway will time out/);
    expect(timeoutWarning("greetingTimeoutSeconds", "300", facts)).toBeNull();
    expect(timeoutWarning("dataInitTimeoutSeconds", 60, facts)).toContain("§4.5.3.2.4 allows a server to take (2 minutes)");
    expect(timeoutWarning("dataBlockTimeoutSeconds", 900, facts)).toBeNull();
  });

  it("says a too-short end-of-data timeout can deliver a message twice", () => {
    expect(timeoutWarning("dataTermTimeoutSeconds", "30", facts)).toBe(
      "Shorter than RFC 5321 §4.5.3.2.6 allows a server to take (10 minutes). The gateway may still accept a message Outgate gave up on, and the retry then delivers it twice.",
    );
  });

  it("never warns for the connect timeout (TCP, no RFC stage) or for a value the schema refuses anyway", () => {
    expect(timeoutWarning("connectTimeoutSeconds", "1", facts)).toBeNull();
    expect(timeoutWarning("rcptTimeoutSeconds", "", facts)).toBeNull();
    expect(timeoutWarning("rcptTimeoutSeconds", "abc", facts)).toBeNull();
    expect(timeoutWarning("rcptTimeoutSeconds", 0, facts)).toBeNull();
  });
});

describe("timeoutHint", () => {
  it("names the default and where it comes from", () => {
    expect(timeoutHint("mailTimeoutSeconds", facts)).toMatch(/Default: 5 minutes \(the minimum of RFC 5321 §4\.5\.3\.2\.2\)\.$/);
    expect(timeoutHint("connectTimeoutSeconds", facts)).toMatch(/Default: 30 seconds \(not an SMTP stage, so no RFC minimum\)\.$/);
  });

  it("formats seconds as an admin reads them", () => {
    expect([formatSeconds(1), formatSeconds(45), formatSeconds(60), formatSeconds(600), formatSeconds(90)]).toEqual(["1 second", "45 seconds", "1 minute", "10 minutes", "90 seconds"]);
  });
});
