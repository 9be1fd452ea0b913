/**
 * Scenario — the SMTP listener (`npm run smtp`) is killed with SIGKILL while 12 clients send through it over implicit
 * TLS with AUTH. Every message it answered 250 must reach the gateway (counted by Message-ID at the SMTP sink): 250
 * is sent only after the commit. Messages whose answer was lost may or may not arrive (the client sends them again).
 * A fresh listener then takes the clients back.
 */
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "./support/database";
import { makeTempRoot, removeTempRoot, startWorker } from "./support/outgate";
import { stopAllProcesses, tail, type TrackedProcess } from "./support/processes";
import { rawMessage, seedDomain, seedGateway, uniqueMessageId } from "./support/seed";
import { prepareSmtpListener, seedSmtpCredential, startSmtpListenerProcess, type SmtpListenerSettings } from "./support/smtp-listener";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink";
import { waitFor } from "./support/wait";

const CLIENTS = 12;
const KILL_AFTER = 300;

let root: string;
let db: TestDatabase;
let sink: SmtpSink;
let settings: SmtpListenerSettings;
let credential: { user: string; pass: string };

beforeAll(async () => {
  root = makeTempRoot("smtp-crash");
  db = await startTestDatabase(root);
  sink = await startSmtpSink("smtp-crash");
  await seedDomain(db.pool, "smtp-crash.example");
  await seedGateway(db.pool, { description: "smtp crash sink", port: sink.port });
  credential = await seedSmtpCredential(db.pool);
  settings = await prepareSmtpListener(root);
});

afterAll(async () => {
  await stopAllProcesses();
  await sink?.down();
  await db?.close();
  removeTempRoot(root);
});

/** One client: a session at a time, messages one after another, each Message-ID recorded once answered 250. */
async function runClient(index: number, answered: string[], failures: string[], shouldStop: () => boolean): Promise<void> {
  while (!shouldStop()) {
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: settings.tlsPort, secure: true, tls: { ca: [settings.cert], servername: "localhost" }, auth: credential });
    try {
      while (!shouldStop()) {
        const messageId = uniqueMessageId("smtp-crash.example", `c${index}`);
        await transport.sendMail({
          envelope: { from: "sender@smtp-crash.example", to: ["rcpt@example.com"] },
          raw: rawMessage({ from: "sender@smtp-crash.example", to: "rcpt@example.com", messageId, subject: `client ${index}` }),
        });
        answered.push(messageId);
      }
    } catch (error) {
      failures.push((error as Error).message);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      transport.close();
    }
  }
}

describe("SMTP listener killed with SIGKILL while clients send", () => {
  it("delivers every message it answered 250", async () => {
    const worker = startWorker(root, db.url);
    const first: TrackedProcess = await startSmtpListenerProcess(root, db.url, settings);
    const answered: string[] = [];
    const failures: string[] = [];
    let phase: "first" | "second" | "done" = "first";
    const clients = Array.from({ length: CLIENTS }, (_, index) => runClient(index, answered, failures, () => phase === "done"));

    await waitFor(`${KILL_AFTER} messages answered 250 before the kill`, () => answered.length >= KILL_AFTER || !first.isRunning(), { timeoutMs: 120_000, intervalMs: 5 }).catch((error: Error) => {
      throw new Error(`${error.message}; ${answered.length} answered\nlast client errors: ${failures.slice(-5).join(" | ")}\n${tail(first.logText())}`);
    });
    expect(first.isRunning(), tail(first.logText())).toBe(true);
    first.kill("SIGKILL");
    await first.exited;
    const atKill = answered.length;

    // A new listener on the same port takes the clients back.
    phase = "second";
    const second = await startSmtpListenerProcess(root, db.url, settings);
    // It timed out once in CI (passes in seconds here): say what the clients heard and what the listener logged.
    await waitFor("50 more messages through the new listener", () => answered.length >= atKill + 50, { timeoutMs: 120_000, intervalMs: 20 }).catch((error: Error) => {
      throw new Error(`${error.message}; ${answered.length - atKill} since the kill\nlast client errors: ${failures.slice(-5).join(" | ")}\n${tail(second.logText())}`);
    });
    phase = "done";
    await Promise.all(clients);

    await waitFor("every message answered 250 at the sink", () => answered.every((id) => sink.counts.has(id)), { timeoutMs: 180_000, intervalMs: 250 });
    const missing = answered.filter((id) => !sink.counts.has(id));
    console.log(`[smtp-crash] ${atKill} answered 250 before the kill, ${answered.length} in all; ${failures.length} client errors around the kill; all delivered`);
    expect(missing, tail(worker.logText())).toEqual([]);
    expect(failures.length).toBeGreaterThan(0); // the kill did cut sessions mid-way
    expect(second.isRunning(), tail(second.logText())).toBe(true);
  });
});
