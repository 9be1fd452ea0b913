/**
 * `npm start` runs the SMTP listener inside the production web server (scripts/web-server.ts), beside the HTTP fast
 * path: a message sent there over SMTP is queued once and delivered, like one sent to `npm run smtp`.
 */
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "./support/database";
import { makeTempRoot, removeTempRoot, startServer, startWorker, type OutgateServer } from "./support/outgate";
import { stopAllProcesses, tail } from "./support/processes";
import { rawMessage, seedDomain, seedGateway, uniqueMessageId } from "./support/seed";
import { prepareSmtpListener, seedSmtpCredential, smtpListenerEnv, type SmtpListenerSettings } from "./support/smtp-listener";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink";
import { waitFor } from "./support/wait";

let root: string;
let db: TestDatabase;
let sink: SmtpSink;
let settings: SmtpListenerSettings;
let server: OutgateServer;

beforeAll(async () => {
  root = makeTempRoot("smtp-web");
  db = await startTestDatabase(root);
  sink = await startSmtpSink("smtp-web");
  await seedDomain(db.pool, "smtp-web.example");
  await seedGateway(db.pool, { description: "smtp web sink", port: sink.port });
  settings = await prepareSmtpListener(root);
  server = await startServer(root, db.url, smtpListenerEnv(settings));
});

afterAll(async () => {
  await stopAllProcesses();
  await sink?.down();
  await db?.close();
  removeTempRoot(root);
});

describe("the web server's SMTP listener", () => {
  it("queues a message sent over SMTP and a worker delivers it", async () => {
    await waitFor("the SMTP listener", () => server.process.logText().includes("SMTP listener on"), { timeoutMs: 30_000, intervalMs: 100 });
    const credential = await seedSmtpCredential(db.pool);
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: settings.tlsPort, secure: true, tls: { ca: [settings.cert], servername: "localhost" }, auth: credential });
    const messageId = uniqueMessageId("smtp-web.example", "web");
    const info = await transport.sendMail({
      envelope: { from: "app@smtp-web.example", to: ["rcpt@example.com"] },
      raw: rawMessage({ from: "app@smtp-web.example", to: "rcpt@example.com", messageId, subject: "via npm start" }),
    });
    transport.close();
    expect(info.response, tail(server.process.logText())).toMatch(/^250 2\.0\.0 Queued as /);
    const { rows } = await db.pool.query<{ submitted_via: string }>("SELECT submitted_via FROM messages");
    expect(rows).toEqual([{ submitted_via: "smtp" }]);

    startWorker(root, db.url);
    await waitFor("the message at the sink", () => sink.counts.get(messageId) === 1, { timeoutMs: 60_000, intervalMs: 100 });
  });
});
