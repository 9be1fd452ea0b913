import http from "node:http";
import type { AddressInfo } from "node:net";
import nodemailer from "nodemailer";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sendTestMessage } from "@/lib/console/gateways/send-test-message";
import { closeAllTransports } from "@/lib/engine/delivery/transport-pool";
import { drainQueue } from "@/lib/engine/queue/drain-queue";
import { findSubmissionEndpoint } from "@/lib/http/find-submission-endpoint";
import { stampPeerAddress } from "@/lib/http/peer-address";
import { serveApiEndpoint } from "@/lib/http/serve-api-endpoint";
import { getDb } from "@/lib/platform/db";
import { getHostName } from "@/lib/platform/host-name";
import { createTestApiKey } from "@/test/api-fixtures";
import { setUpSmtpListenerTests } from "@/test/smtp-listener/smtp-listener-test-kit";
import { startScriptedSmtpServer, type ScriptedSmtpServer } from "@/test/smtp/scripted-smtp-server";
import { getTestCertificate } from "@/test/smtp/test-certificate";
import { createTestGateway } from "./create-test-gateway";

// Read on first use, after this line (lib/platform/env.ts, lib/platform/host-name.ts: once per process).
vi.stubEnv("OUTGATE_EHLO_NAME", "mx.example.net");

const kit = setUpSmtpListenerTests();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  closeAllTransports();
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** The production web server's submission path (scripts/web-server.ts): the peer address stamped, then the endpoint. */
async function startWebServer(): Promise<string> {
  const server = http.createServer((req, res) => {
    stampPeerAddress(req);
    const endpoint = findSubmissionEndpoint(req.method, req.url);
    if (endpoint) void serveApiEndpoint(endpoint, req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function submit(url: string, authorization: string, body: unknown): Promise<{ id: string; messageId: string }> {
  const answer = await fetch(`${url}/api/v1/messages`, { method: "POST", headers: { authorization, "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(answer.status).toBe(202);
  return (await answer.json()) as { id: string; messageId: string };
}

/** The header block of a message as the gateway received it. */
function headerOf(gateway: ScriptedSmtpServer, to: string): string {
  const message = gateway.accepted().find((candidate) => candidate.to.includes(to));
  if (!message) throw new Error(`nothing reached the gateway for ${to}`);
  const text = message.body.toString("latin1");
  return text.slice(0, text.indexOf("\r\n\r\n") + 2);
}

/**
 * Issue 11, kind 11: with OUTGATE_EHLO_NAME=mx.example.net Outgate uses that one name everywhere it names itself — EHLO,
 * the Received field on top of every message it accepts (HTTP and SMTP alike), the Message-IDs it generates (for those
 * messages and the console's test message), and its DSNs (From MAILER-DAEMON@, Reporting-MTA, their own Message-ID) — as a real gateway sees them.
 */
describe("Outgate's one name, end to end", () => {
  it("is in EHLO, Received, generated Message-IDs and DSNs for messages submitted over HTTP and SMTP", async () => {
    expect((await getHostName()).name).toBe("mx.example.net");
    const gateway = await startScriptedSmtpServer({ script: { strict: true, rcpt: (address) => (address.startsWith("unknown@") ? "550 5.1.1 User unknown" : null) } });
    closers.push(() => gateway.close());
    const gatewayRow = await createTestGateway({ port: gateway.port });
    const domain = await getDb().domain.findUniqueOrThrow({ where: { name: "example.com" }, select: { id: true } });
    const { authorization } = await createTestApiKey({ domainIds: [domain.id] });

    // Over HTTP: a composed message (one recipient refused: a DSN) and a raw one without a Message-ID.
    const url = await startWebServer();
    const composed = await submit(url, authorization, { from: "app@example.com", to: ["bob@dest.example", "unknown@dest.example"], subject: "Composed", text: "Hi" });
    const rawText = "From: app@example.com\r\nTo: carol@dest.example\r\nSubject: Raw\r\n\r\nHi\r\n";
    const raw = await submit(url, authorization, { raw: Buffer.from(rawText).toString("base64"), envelope: { from: "app@example.com", to: ["carol@dest.example"] } });
    // Over SMTP: the listener announces the same name (run-smtp-listener.ts passes getHostName().name).
    const listener = await kit.start({ hostName: (await getHostName()).name });
    const { cert } = await getTestCertificate();
    const client = nodemailer.createTransport({ host: "127.0.0.1", port: listener.ports.tls!, secure: true, tls: { ca: [cert], servername: "localhost" }, auth: await kit.credential() });
    closers.push(async () => client.close());
    await client.sendMail({ envelope: { from: "app@example.com", to: ["dave@dest.example"] }, raw: "From: app@example.com\r\nTo: dave@dest.example\r\nSubject: Smtp\r\n\r\nHi\r\n" });

    // The console's "Send test message" writes its own Message-ID by the same rule.
    const consoleTest = await sendTestMessage({ id: gatewayRow.id, to: "erin@dest.example", adminEmail: "admin@admin.example" });
    expect(consoleTest.messageId).toMatch(/^[0-9a-f-]{36}@mx\.example\.net$/);

    // The DSN is queued while the composed message is recorded; a second drain sends it if the first stopped claiming.
    await drainQueue({ maxMs: 20_000 });
    await drainQueue({ maxMs: 20_000 });

    expect(new Set(gateway.sessions.map((session) => session.commands[0]?.line))).toEqual(new Set(["EHLO mx.example.net"]));

    for (const [to, message] of [["bob@dest.example", composed], ["carol@dest.example", raw]] as const) {
      expect(message.messageId).toMatch(/^[0-9a-f-]{36}@mx\.example\.net$/);
      const header = headerOf(gateway, to);
      // Outgate's trace field is the first line; the client's address as the web server saw it, HTTP, the Message-ID.
      expect(header).toMatch(new RegExp(`^Received: from \\[127\\.0\\.0\\.1\\]\\r\\n\\tby mx\\.example\\.net \\(Outgate\\) with HTTP id <${message.messageId}>;\\r\\n\\t[A-Z][a-z]{2}, `));
      expect(header).toContain(`\r\nMessage-ID: <${message.messageId}>\r\n`);
    }
    const smtpHeader = headerOf(gateway, "dave@dest.example");
    expect(smtpHeader).toMatch(/^Received: from [^\r\n]+\r\n\tby mx\.example\.net \(Outgate\) with ESMTPSA id [^;]+;\r\n/);
    expect(smtpHeader).toMatch(/\r\nMessage-ID: <[0-9a-f-]{36}@mx\.example\.net>\r\n/);

    expect(headerOf(gateway, "erin@dest.example")).toContain(`\r\nMessage-ID: <${consoleTest.messageId}>\r\n`);

    const dsn = gateway.accepted().find((message) => message.from === "");
    if (!dsn) throw new Error("no DSN reached the gateway");
    const dsnText = dsn.body.toString("latin1");
    expect(dsnText).toMatch(/^From: Mail Delivery System <MAILER-DAEMON@mx\.example\.net>\r\n/m);
    expect(dsnText).toContain("\r\nReporting-MTA: dns; mx.example.net\r\n");
    expect(dsnText).toMatch(/\r\nMessage-ID: <[^>]+@mx\.example\.net>\r\n/);
    expect(dsnText).not.toMatch(/localhost/);
  });
});
