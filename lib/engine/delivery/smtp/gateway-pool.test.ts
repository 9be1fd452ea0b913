import { describe, expect, it } from "vitest";
import { rawMessage, send, setUpSmtpTests } from "@/test/smtp/smtp-client-test-kit";
import { startRawSmtpPeer } from "@/test/smtp/raw-smtp-peer";
import { findFreePort } from "../../../platform/free-port";

// Kind 7 (session-level answers are about the session) and kind 8 (partial acceptance continues at once).

const kit = setUpSmtpTests();
const recipients = (n: number) => Array.from({ length: n }, (_, i) => `r${i + 1}@example.net`);
const commandsOf = (lines: { line: string }[]) => lines.map(({ line }) => line.split(/[ :]/)[0].toUpperCase());

describe("transactions", () => {
  it("pipelines MAIL, every RCPT and DATA (RFC 2920) and keeps the bytes, dot-stuffed on the wire", async () => {
    const server = await kit.server();
    const raw = Buffer.from("Subject: dots\r\n\r\n.\r\n..two\r\n.end\r\nlast\r\n");
    const result = await send(kit.pool(server), raw, ["a@example.net", "b@example.net"]);
    expect(result.recipients.map((recipient) => recipient.status)).toEqual(["delivered", "delivered"]);
    expect(server.messages[0].body.equals(raw)).toBe(true);
    expect(commandsOf(server.sessions[0].commands)).toEqual(["EHLO", "MAIL", "RCPT", "RCPT", "DATA"]);
  });

  it("works without PIPELINING, one command at a time", async () => {
    const server = await kit.server({ extensions: { pipelining: false } });
    const result = await send(kit.pool(server), rawMessage("lockstep"), ["a@example.net", "b@example.net"]);
    expect(result.recipients.map((recipient) => recipient.status)).toEqual(["delivered", "delivered"]);
  });

  it("reports each recipient: 250 delivered, 450 deferred, 550 failed, and RSETs when none is accepted", async () => {
    const server = await kit.server({ rcpt: (address) => (address.startsWith("busy") ? "450 4.2.1 Busy" : address.startsWith("gone") ? "550 5.1.1 Unknown" : null) });
    const pool = kit.pool(server);
    const mixed = await send(pool, rawMessage("mixed"), ["ok@example.net", "busy@example.net", "gone@example.net"]);
    expect(mixed.recipients.map((r) => [r.status, r.code, r.response])).toEqual([
      ["delivered", 250, "250 2.0.0 Ok: queued"],
      ["deferred", 450, "450 4.2.1 Busy"],
      ["failed", 550, "550 5.1.1 Unknown"],
    ]);
    const none = await send(pool, rawMessage("none"), ["busy@example.net", "gone@example.net"]);
    expect(none.recipients.map((r) => r.status)).toEqual(["deferred", "failed"]);
    expect((await send(pool, rawMessage("after"), ["ok@example.net"])).recipients[0].status).toBe("delivered");
    expect(server.sessions).toHaveLength(1);
    expect(commandsOf(server.sessions[0].commands)).toContain("RSET");
  });

  it("sends recipients answered 452 4.5.3 in the next transaction at once (7 recipients, server takes 3)", async () => {
    const server = await kit.server({ recipientsPerTransaction: 3 });
    const result = await send(kit.pool(server), rawMessage("many"), recipients(7));
    expect(result.recipients.every((recipient) => recipient.status === "delivered")).toBe(true);
    expect(server.accepted().map((message) => message.to)).toEqual([recipients(7).slice(0, 3), recipients(7).slice(3, 6), recipients(7).slice(6)]);
    expect(server.sessions).toHaveLength(1);
  });

  it("splits by the gateway's recipients per transaction without waiting for a 452", async () => {
    const server = await kit.server();
    const result = await send(kit.pool(server, {}, { recipientsPerTransaction: 2 }), rawMessage("split"), recipients(5));
    expect(result.recipients.every((recipient) => recipient.status === "delivered")).toBe(true);
    expect(server.accepted().map((message) => message.to.length)).toEqual([2, 2, 1]);
  });

  it("defers with the server's answer when not even one recipient fits", async () => {
    const server = await kit.server({ recipientsPerTransaction: 0 });
    const result = await send(kit.pool(server), rawMessage("full"), recipients(2));
    expect(result.recipients.map((r) => [r.status, r.code, r.failover])).toEqual([
      ["deferred", 452, false],
      ["deferred", 452, false],
    ]);
    expect(server.messages).toHaveLength(0);
  });
});

describe("sessions", () => {
  it("carries messagesPerConnection messages per session, then opens a fresh one", async () => {
    const server = await kit.server();
    const pool = kit.pool(server, {}, { maxConnections: 1, messagesPerConnection: 3 });
    for (let i = 0; i < 7; i++) expect((await send(pool, rawMessage(`m${i}`))).recipients[0].status).toBe("delivered");
    expect(server.sessions.map((session) => session.messages)).toEqual([3, 3, 1]);
  });

  it.each(["421", "drop"] as const)("resends at once on a fresh session when a reused one ends with %s before the data", async (then) => {
    const server = await kit.server({ perSession: { messages: 2, then } });
    const pool = kit.pool(server, {}, { maxConnections: 1 });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await send(pool, rawMessage(`s${i}`), ["a@example.net", "b@example.net"]));
    expect(results.every((result) => result.failure === null && result.recipients.every((r) => r.status === "delivered"))).toBe(true);
    expect(server.accepted()).toHaveLength(5);
    expect(server.sessions.map((session) => session.messages)).toEqual([2, 2, 1]);
  });

  it.each([
    ["MAIL FROM", { mail: () => "421 4.3.2 Service temporarily unavailable, try later" }],
    ["RCPT TO", { rcpt: () => "421 4.3.2 Service temporarily unavailable, try later" }],
  ] as const)("fails over on a 421 to %s on a fresh session, naming the command and the answer (the gateway's problem, not the session's)", async (command, script) => {
    // The scripted server closes after its 421, as real ones do, so the pipelined commands after it get no answer.
    const server = await kit.server(script);
    const result = await send(kit.pool(server), rawMessage("fresh421"));
    expect(result.failure).toMatchObject({ kind: "failover", code: 421 });
    const verb = command.split(" ")[0];
    expect(result.failure?.reason).toBe(`session: ${verb}: the gateway is closing the session: 421 4.3.2 Service temporarily unavailable, try later`);
    expect(server.sessions).toHaveLength(1);
  });

  it("ends every send at once when the gateway dies mid-run: delivered, outcome unknown, or failover — none hangs", async () => {
    const server = await kit.server();
    const pool = kit.pool(server, {}, { maxConnections: 5 });
    const sends = Array.from({ length: 60 }, (_, i) => send(pool, rawMessage(`die${i}`)));
    await server.waitFor(() => server.accepted().length >= 10);
    await server.close();
    const results = await Promise.all(sends);
    const kinds = results.map((result) =>
      result.recipients[0].status === "delivered" ? "delivered" : result.recipients[0].outcomeUnknown ? "unknown" : result.failure?.kind,
    );
    expect(kinds.every((kind) => kind === "delivered" || kind === "unknown" || kind === "failover")).toBe(true);
    expect(kinds.filter((kind) => kind === "failover").length).toBeGreaterThan(0);
    // Only a send whose final "." was out can be unknown: at most one per session.
    expect(kinds.filter((kind) => kind === "unknown").length).toBeLessThanOrEqual(5);
    const later = await send(pool, rawMessage("after-death"));
    expect(later.failure?.reason).toMatch(/^connection: connect: .*ECONNREFUSED/);
  });

  it("fails over when the gateway refuses every connection as too many", async () => {
    const server = await kit.server({ maxSessions: 0 });
    const result = await send(kit.pool(server), rawMessage("limit"));
    expect(result.failure).toMatchObject({ kind: "failover", code: 421 });
    expect(result.failure?.reason).toBe("session: greeting: connection refused, over the gateway's connection limit: 421 4.3.2 Too many connections, try again later");
  });

  it("says no more than the gateway did about a 421 4.3.2 greeting that names no connection limit", async () => {
    const server = await kit.server({ greeting: "421 4.3.2 Maintenance in progress" });
    const result = await send(kit.pool(server), rawMessage("maintenance"));
    expect(result.failure).toMatchObject({ kind: "failover", code: 421 });
    expect(result.failure?.reason).toBe("session: greeting: the gateway is not accepting sessions now: 421 4.3.2 Maintenance in progress");
  });

  it("lowers its connection limit to what the gateway takes and keeps sending on the open sessions", async () => {
    const server = await kit.server({ maxSessions: 2 });
    const pool = kit.pool(server, {}, { maxConnections: 5 });
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => send(pool, rawMessage(`c${i}`))));
    expect(results.every((result) => result.failure === null && result.recipients[0].status === "delivered")).toBe(true);
    expect(server.accepted()).toHaveLength(30);
    expect(pool.connectionLimit).toBe(2);
    expect(server.sessions.filter((session) => session.refused).length).toBeGreaterThan(0);
    // Refusals while the pool learnt the limit (3 of 5 opened at once) and one probe after 20 successes, not one per message.
    expect(server.sessions.filter((session) => session.refused).length).toBeLessThanOrEqual(4);
  });

  it("raises a lowered connection limit again after a run of successes", async () => {
    const server = await kit.server({ maxSessions: 1 });
    const pool = kit.pool(server, {}, { maxConnections: 3 });
    await Promise.all(Array.from({ length: 3 }, (_, i) => send(pool, rawMessage(`l${i}`))));
    expect(pool.connectionLimit).toBe(1);
    server.setScript({ maxSessions: undefined });
    for (let i = 0; i < 20; i++) await send(pool, rawMessage(`r${i}`));
    expect(pool.connectionLimit).toBe(2);
  });

  it("fails over with the socket's reason when nothing listens", async () => {
    const port = await findFreePort();
    const result = await send(kit.pool({ port }), rawMessage("refused"));
    expect(result.failure?.kind).toBe("failover");
    expect(result.failure?.reason).toMatch(/^connection: connect: .*ECONNREFUSED/);
  });

  it("falls back to HELO when EHLO is not understood (502), and sends nothing it was not offered", async () => {
    const peer = await startRawSmtpPeer((line) => {
      const verb = line.split(/[ :]/)[0].toUpperCase();
      if (verb === "EHLO") return "502 5.5.2 Command not recognized\r\n";
      if (verb === "DATA") return "354 go\r\n";
      if (verb === ".") return "250 2.0.0 queued\r\n";
      return "250 ok\r\n";
    });
    try {
      const result = await send(kit.pool(peer), rawMessage("helo"), ["a@example.net", "b@example.net"]);
      expect(result.recipients.map((recipient) => recipient.status)).toEqual(["delivered", "delivered"]);
      expect(peer.lines.slice(0, 5)).toEqual(["EHLO outgate.test", "HELO outgate.test", "MAIL FROM:<s@example.org>", "RCPT TO:<a@example.net>", "RCPT TO:<b@example.net>"]);
    } finally {
      await peer.close();
    }
  });

  it("fails over when the server answers with something that is not SMTP, naming what it looks like but never repeating it", async () => {
    const peer = await startRawSmtpPeer(() => "", "HTTP/1.1 400 Bad Request\r\n\r\n");
    try {
      const result = await send(kit.pool(peer), rawMessage("http"));
      expect(result.failure?.kind).toBe("failover");
      // The address may be any host and port: its own words are not shown in the console (issue #12, kind 10).
      expect(result.failure?.reason).toBe("session: greeting: the server sent something that is not an SMTP reply (it looks like HTTP; is this the SMTP port?)");
    } finally {
      await peer.close();
    }
  });

  it("never repeats a non-SMTP banner, whatever it says", async () => {
    const peer = await startRawSmtpPeer(() => "", "SECRET-BANNER 1234 hello\r\n");
    try {
      const result = await send(kit.pool(peer), rawMessage("banner"));
      expect(result.failure?.reason).toBe("session: greeting: the server sent something that is not an SMTP reply (is this the SMTP port?)");
      expect(JSON.stringify(result)).not.toContain("SECRET-BANNER");
    } finally {
      await peer.close();
    }
  });
});
