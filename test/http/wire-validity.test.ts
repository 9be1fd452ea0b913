import libmime from "libmime";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { closeAllTransports } from "@/lib/engine/delivery/transport-pool";
import { drainQueue } from "@/lib/engine/queue/drain-queue";
import { getDb } from "@/lib/platform/db";
import { createTestGateway } from "@/test/engine/create-test-gateway";
import { startScriptedSmtpServer } from "@/test/smtp/scripted-smtp-server";
import { createHostedDomains, createTestApiKey } from "@/test/api-fixtures";
import { resetDatabase } from "@/test/db";
import { nodeAdapter, type Adapter } from "./submission-adapters";

/**
 * Issue 11, kind 4: what a submission stores in messages.raw is exactly what goes on the wire — CRLF lines of at most
 * 998 octets, no Bcc — through the production submission path (the web server's Node adapter). The refusals are in
 * the shared table, test/http/submission-cases.ts.
 */
// Outgate's own name (lib/platform/host-name.ts), fixed so generated Message-IDs do not depend on the test machine's.
vi.stubEnv("OUTGATE_EHLO_NAME", "mx.outgate.test");

let adapter: Adapter;
let authorization: string;

beforeAll(async () => {
  adapter = await nodeAdapter();
});
afterAll(async () => {
  closeAllTransports();
  await adapter.close();
});
beforeEach(async () => {
  await resetDatabase();
  await createHostedDomains("example.com");
  authorization = (await createTestApiKey()).authorization;
});

/** `raw`: the stored message below Outgate's Received field; `wire`: all of it, as it goes to the gateway. */
async function submit(body: unknown): Promise<{ raw: string; wire: string; messageId: string }> {
  const answer = await adapter.send({
    path: "/api/v1/messages",
    headers: { "content-type": "application/json", authorization },
    body: Buffer.from(JSON.stringify(body)),
    framing: "length",
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  const { id } = answer.body as { id: string };
  const row = await getDb().message.findUniqueOrThrow({ where: { id }, select: { raw: true, messageId: true } });
  const wire = Buffer.from(row.raw).toString("latin1");
  const received = /^Received: (?:from \[127\.0\.0\.1\]\r\n\t)?by mx\.outgate\.test \(Outgate\) with HTTP id [^\r\n]+;\r\n\t[^\r\n]+\r\n/.exec(wire)?.[0] ?? "";
  expect(received, wire.slice(0, 300)).not.toBe("");
  return { raw: wire.slice(received.length), wire, messageId: row.messageId };
}

function raw(text: string) {
  return { raw: Buffer.from(text, "latin1").toString("base64"), envelope: { from: "sender@example.com", to: ["rcpt@dest.example", "hidden@dest.example.test"] } };
}

const HEAD = "From: sender@example.com\r\nTo: rcpt@dest.example\r\nDate: Mon, 30 Nov 2026 17:49:16 +0000\r\nMessage-ID: <m1@example.com>\r\n";

describe("what a submission stores for the wire", () => {
  it.each([
    ["\\n.\\n", "line5\n.\nline6\r\n"],
    ["\\r\\n.\\n", "line5\r\n.\nline6\r\n"],
    ["\\n.\\r\\n", "line5\n.\r\nline6\r\n"],
  ])("raw: stores a bare-LF lone dot (%s) as a CRLF line of its own, for the client to stuff", async (_name, body) => {
    const stored = await submit(raw(`${HEAD}\r\n${body}`));
    expect(stored.raw).toBe(`${HEAD}\r\nline5\r\n.\r\nline6\r\n`);
  });

  it("raw: stores a Unix (LF) message as CRLF, its last line ended", async () => {
    const stored = await submit(raw(HEAD.replace(/\r\n/g, "\n") + "\nfirst\nlast"));
    expect(stored.raw).toBe(`${HEAD}\r\nfirst\r\nlast\r\n`);
  });

  it("raw: removes Bcc, BCC, folded Bcc and Resent-Bcc before storing; the recipients stay in the envelope", async () => {
    const text = `From: sender@example.com\r\nBcc: hidden@dest.example.test\r\nTo: rcpt@dest.example\r\nBCC: other@dest.example.test\r\nDate: Mon, 30 Nov 2026 17:49:16 +0000\r\nbcc: a@dest.example.test,\r\n hidden@dest.example.test\r\nResent-Bcc: hidden@dest.example.test\r\nMessage-ID: <m1@example.com>\r\n\r\nBcc: in the body stays\r\n`;
    const stored = await submit(raw(text));
    expect(stored.raw).toBe(`${HEAD}\r\nBcc: in the body stays\r\n`);
    const row = await getDb().message.findFirstOrThrow({ select: { recipients: { select: { address: true }, orderBy: { id: "asc" } } } });
    expect(row.recipients.map((r) => r.address)).toEqual(["rcpt@dest.example", "hidden@dest.example.test"]);
  });

  it("raw: adds the Message-ID and Date a message lacks, reading the rest as written", async () => {
    const stored = await submit(raw("From: (shop) \"Shop, Inc.\" <sender@example.com>\r\nSubject: =?utf-8?q?Caf=C3=A9?=\r\n\r\nbody\r\n"));
    expect(stored.raw).toMatch(/^Message-ID: <[0-9a-f-]{36}@mx\.outgate\.test>\r\nDate: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000\r\nFrom: \(shop\)/);
    expect(stored.raw).toContain(`Message-ID: <${stored.messageId}>\r\n`);
    const row = await getDb().message.findFirstOrThrow({ select: { subject: true } });
    expect(row.subject).toBe("Café");
  });

  it("raw: reads a Message-ID with comments and folding", async () => {
    const stored = await submit(raw("From: sender@example.com\r\nDate: Mon, 30 Nov 2026 17:49:16 +0000\r\nMessage-ID: (ours)\r\n <folded.id@example.com> (end)\r\n\r\nbody\r\n"));
    expect(stored.messageId).toBe("folded.id@example.com");
  });

  it("compose: writes a 998-character custom header without any line over 998 octets, and it reads back the same", async () => {
    const token = "T".repeat(998);
    const stored = await submit({ from: "sender@example.com", to: "rcpt@dest.example", subject: "S".repeat(998), text: "x", headers: { "X-Token": token } });
    const lines = stored.raw.split("\r\n");
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(998);
    expect(stored.raw).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
    const field = /\r\nX-Token:((?:.|\r\n[ \t])*)\r\n(?![ \t])/.exec(stored.raw)?.[1] ?? "";
    expect(libmime.decodeWords(field.replace(/\r\n/g, "")).trim()).toBe(token);
  });

  it("end to end: a raw message with \\n.\\n and \\r\\n.\\n reaches a strict server whole, as stored, without its Bcc", async () => {
    const server = await startScriptedSmtpServer({ script: { strict: true } });
    try {
      await createTestGateway({ port: server.port });
      const stored = await submit(raw(`From: sender@example.com\r\nBcc: hidden@dest.example.test\r\nDate: Mon, 30 Nov 2026 17:49:16 +0000\r\nMessage-ID: <m2@example.com>\r\n\r\nline1\n.\nline3\r\n.\nline5\r\n..\r\n`));
      expect(stored.raw).toBe("From: sender@example.com\r\nDate: Mon, 30 Nov 2026 17:49:16 +0000\r\nMessage-ID: <m2@example.com>\r\n\r\nline1\r\n.\r\nline3\r\n.\r\nline5\r\n..\r\n");
      await drainQueue({ maxMs: 20_000, transport: { ehloName: "outgate.test" } });
      expect(server.messages.map((message) => [message.accepted, message.to])).toEqual([[true, ["rcpt@dest.example", "hidden@dest.example.test"]]]);
      // After the server removed the client's dot-stuffing: exactly the stored bytes, so no "." ended the data early.
      expect(server.messages[0].body.toString("latin1")).toBe(stored.wire);
    } finally {
      await server.close();
    }
  });

  it("end to end: quoted local parts (RFC 5321 §4.1.2), < and > in them too, reach the gateway as written", async () => {
    const server = await startScriptedSmtpServer({ script: { strict: true } });
    try {
      await createTestGateway({ port: server.port });
      const to = ['"jane doe"@dest.example', '"x>y <z>"@dest.example', "plain@dest.example"];
      await submit({ from: '"the shop"@example.com', to, subject: "quoted", text: "x" });
      expect(await drainQueue({ maxMs: 20_000, transport: { ehloName: "outgate.test" } })).toMatchObject({ delivered: 1 });
      const lines = server.sessions.flatMap((session) => session.commands.map((command) => command.line));
      expect(lines.filter((line) => /^(MAIL FROM|RCPT TO):/.test(line))).toEqual(['MAIL FROM:<"the shop"@example.com>', ...to.map((address) => `RCPT TO:<${address}>`)]);
    } finally {
      await server.close();
    }
  });
});
