import nodemailer from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { afterEach, beforeEach, vi } from "vitest";
import { readSmtpActivity } from "@/lib/console/overview/read-smtp-activity";
import { createSmtpCredential } from "@/lib/console/smtp-credentials/create-smtp-credential";
import { getDb } from "@/lib/platform/db";
import { readInstallationMark } from "@/lib/platform/installation-mark";
import { startSmtpListener, type SmtpListener, type SmtpListenerOptions } from "@/lib/smtp-listener/start-smtp-listener";
import { resetDatabase } from "@/test/db";
import { getTestCertificate } from "@/test/smtp/test-certificate";

export type TestListenerOptions = Partial<SmtpListenerOptions>;

/**
 * A fresh database before each test, and the real listener on free ports of 127.0.0.1 (submission, implicit TLS and
 * plain), closed after it. `credential()` makes an SMTP credential for `example.com` (hosted) through the console's
 * own use case, and `transport()` a nodemailer client that trusts the test certificate.
 */
export function setUpSmtpListenerTests() {
  const listeners: SmtpListener[] = [];
  const transports: nodemailer.Transporter[] = [];
  beforeEach(async () => {
    await resetDatabase();
    await getDb().domain.create({ data: { name: "example.com" } });
  });
  afterEach(async () => {
    for (const transport of transports.splice(0)) transport.close();
    await Promise.all(listeners.splice(0).map((listener) => listener.close(100)));
  });
  return {
    async start(options: TestListenerOptions = {}): Promise<SmtpListener> {
      const listener = await startSmtpListener({
        host: "127.0.0.1",
        ports: { submission: 0, tls: 0, plain: 0 },
        maxSessions: 100,
        maxSessionsPerIp: 50,
        maxMessagesPerSession: 100,
        maxRecipients: 100,
        maxMessageBytes: 1024 * 1024,
        idleTimeoutMs: 30_000,
        dataTimeoutMs: 30_000,
        hostName: "outgate.test",
        installationMark: readInstallationMark(),
        certificate: await getTestCertificate(),
        activityIntervalMs: 200,
        ...options,
      });
      listeners.push(listener);
      return listener;
    },
    async credential(input: { domains?: string[]; ipRelay?: boolean; allowedNetworks?: string[] } = {}) {
      const domainIds = input.domains
        ? (await getDb().domain.findMany({ where: { name: { in: input.domains } }, select: { id: true } })).map((d) => d.id)
        : [];
      const created = await createSmtpCredential({
        name: "Test client",
        username: `client-${Math.random().toString(36).slice(2, 8)}`,
        domainIds,
        allowedNetworks: input.allowedNetworks ?? [],
        ipRelay: input.ipRelay ?? false,
      });
      return { ...created, user: created.username, pass: created.password };
    },
    /** One pooled connection (maxConnections 1): every message goes through the same SMTP session. */
    async sessionTransport(options: Omit<SMTPPool.Options, "pool">): Promise<nodemailer.Transporter<SMTPPool.SentMessageInfo>> {
      const { cert } = await getTestCertificate();
      const transport = nodemailer.createTransport({ host: "127.0.0.1", tls: { ca: [cert], servername: "localhost" }, ...options, pool: true, maxConnections: 1, maxMessages: Infinity });
      transports.push(transport);
      return transport;
    },
    async transport(options: SMTPTransport.Options): Promise<nodemailer.Transporter<SMTPTransport.SentMessageInfo>> {
      const { cert } = await getTestCertificate();
      const transport = nodemailer.createTransport({ host: "127.0.0.1", tls: { ca: [cert], servername: "localhost" }, ...options });
      transports.push(transport);
      return transport;
    },
  };
}

/** The queued messages, oldest first, with their recipients. */
export function queuedMessages() {
  return getDb().message.findMany({ orderBy: { createdAt: "asc" }, include: { recipients: { orderBy: { id: "asc" } } } });
}

/**
 * Reads until `accept` takes the value or `timeoutMs` passes, then returns the last value read: the listener flushes its
 * counts and ports to PostgreSQL on a timer, and the caller's `expect` on the value shows what was missed.
 */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The overview's refusals of the last hour once they reach `count` (or what they are after 5 s): the listener counts
 * each refusal it logs, and a refusal counted twice shows as more.
 */
export async function readRejectedCount(count: number): Promise<number> {
  return (await eventually(readSmtpActivity, (activity) => activity.lastHour.rejected >= count)).lastHour.rejected;
}

/**
 * From now on, at log level info, the log lines matching `event` are kept (and not printed) in the array returned;
 * every other line goes to stdout as usual. vi.restoreAllMocks and vi.unstubAllEnvs undo it.
 */
export function captureLogLines(event: RegExp): string[] {
  vi.stubEnv("OUTGATE_LOG_LEVEL", "info");
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout) as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (!event.test(String(chunk))) return write(chunk, ...rest);
    lines.push(String(chunk));
    return true;
  });
  return lines;
}
