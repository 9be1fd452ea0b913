import { describe, expect, it } from "vitest";
import { FAST, rawMessage, send, setUpSmtpTests } from "@/test/smtp/smtp-client-test-kit";
import { DEFAULT_SESSION_SETTINGS, RFC_5321_TIMEOUTS } from "./session-settings";
import { toSessionOptions } from "../transport-options";

// Kind 1: a time limit per stage (RFC 5321 §4.5.3.2), and "outcome unknown" after the final ".".

const kit = setUpSmtpTests();

describe("stage timeouts", () => {
  it("defaults to the RFC's minimums per stage, with a short connect", () => {
    const options = toSessionOptions(
      { id: "g", address: "smtp.example.net", port: 25, encryption: "NONE", verifyCertificate: true, auth: null },
      { ehloName: "outgate.test" },
    );
    expect(options.timeouts).toEqual({
      connectMs: 30_000,
      greetingMs: 300_000,
      mailMs: 300_000,
      rcptMs: 300_000,
      dataInitMs: 120_000,
      dataBlockMs: 180_000,
      dataTermMs: 600_000,
    });
    expect(DEFAULT_SESSION_SETTINGS.timeouts).toBe(RFC_5321_TIMEOUTS);
  });

  it("waits for a slow greeting as long as the greeting stage allows", async () => {
    const server = await kit.server({ delays: { greeting: 400 } });
    const result = await send(kit.pool(server, {}, { timeouts: { ...FAST, greetingMs: 3000, mailMs: 100 } }), rawMessage("slow-greeting"));
    expect(result.recipients[0]).toMatchObject({ status: "delivered" });
  });

  it("gives up on a greeting that takes longer than the greeting stage allows → failover", async () => {
    const server = await kit.server({ delays: { greeting: 2000 } });
    const result = await send(kit.pool(server, {}, { timeouts: { ...FAST, greetingMs: 200 } }), rawMessage("late-greeting"));
    expect(result.failure).toMatchObject({ kind: "failover" });
    expect(result.failure?.reason).toBe("connection: greeting: timed out, no answer within 0.2 s");
  });

  it.each([
    ["MAIL", { mail: 3000 }, { mailMs: 200 }],
    ["RCPT", { rcpt: 3000 }, { rcptMs: 200 }],
    ["DATA", { data: 3000 }, { dataInitMs: 200 }],
  ] as const)("times out %s on its own stage limit, before the data, so nothing can have been accepted", async (stage, delays, timeouts) => {
    const server = await kit.server({ delays });
    const result = await send(kit.pool(server, {}, { timeouts: { ...FAST, ...timeouts } }), rawMessage(`slow-${stage}`));
    expect(result.failure?.reason).toBe(`connection: ${stage}: timed out, no answer within 0.2 s`);
    expect(result.recipients[0].outcomeUnknown).toBeUndefined();
    expect(server.messages).toHaveLength(0);
  });

  it("times out a data block the server stops reading (dataBlockMs) as a known failure, not outcome unknown", async () => {
    const server = await kit.server({ stallDataAfterBytes: 64 * 1024 });
    // Far more than the loopback socket buffers hold, so the writes back up once the server stops reading.
    const body = `${"x".repeat(998)}\r\n`.repeat(32 * 1024);
    const result = await send(kit.pool(server, {}, { timeouts: { ...FAST, dataBlockMs: 300, dataTermMs: 60_000 } }), rawMessage("stalled", body));
    expect(result.failure).toMatchObject({ kind: "failover", reason: "connection: data block: timed out, the gateway took no data for 0.3 s" });
    expect(result.recipients[0].outcomeUnknown).toBeUndefined();
  });

  it("reports no answer to the end of data as outcome unknown: deferred, no failover", async () => {
    const server = await kit.server({ delays: { dataEnd: 5000 } });
    const result = await send(kit.pool(server, {}, { timeouts: { ...FAST, dataTermMs: 300 } }), rawMessage("unknown"), ["a@example.net", "b@example.net"]);
    expect(server.messages).toHaveLength(1);
    expect(result.failure).toMatchObject({ kind: "retry", outcomeUnknown: true });
    const response =
      "outcome unknown: no answer to the end of data within 0.3 s — the gateway may have accepted the message; it may be delivered twice";
    expect(result.recipients).toEqual([
      { recipient: "a@example.net", status: "deferred", response, failover: false, outcomeUnknown: true },
      { recipient: "b@example.net", status: "deferred", response, failover: false, outcomeUnknown: true },
    ]);
  });

  it("reports a connection lost after the final dot as outcome unknown and does not resend it", async () => {
    const server = await kit.server({ dataEnd: "drop" });
    const pool = kit.pool(server);
    // The session is reused (one message before), so a loss before the "." would be resent at once; this one not.
    server.setScript({ dataEnd: undefined });
    expect((await send(pool, rawMessage("first"))).recipients[0].status).toBe("delivered");
    server.setScript({ dataEnd: "drop" });
    const result = await send(pool, rawMessage("dropped"));
    expect(result.recipients[0]).toMatchObject({ status: "deferred", failover: false, outcomeUnknown: true });
    expect(result.recipients[0].response).toMatch(/^outcome unknown: the connection was lost before the gateway answered the end of data/);
    expect(server.messages).toHaveLength(2);
  });
});
