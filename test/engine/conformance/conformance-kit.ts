import { randomUUID } from "node:crypto";
import { afterEach } from "vitest";
import type { SmtpStageTimeouts } from "@/lib/engine/delivery/smtp/session-settings";
import { drainQueue, type DrainOptions } from "@/lib/engine/queue/drain-queue";
import { enqueueMessages } from "@/lib/engine/queue/enqueue-messages";
import { getDb } from "@/lib/platform/db";
import { startScriptedSmtpServer, type ScriptedMessage, type ScriptedSmtpServer, type SmtpScript } from "@/test/smtp/scripted-smtp-server";
import { createTestGateway, orderedId, type TestGatewayInput } from "../create-test-gateway";
import { setUpEngineTests } from "../engine-test-kit";
import { sessionOverrides, type SessionOverride } from "./session-overrides";

/** Every stage short, so a test that waits for a timeout takes seconds; the server's delays are set against these. */
export const SHORT_TIMEOUTS: SmtpStageTimeouts = { connectMs: 1000, greetingMs: 1500, mailMs: 1500, rcptMs: 1500, dataInitMs: 1500, dataBlockMs: 1500, dataTermMs: 1500 };

export type ConformanceGatewayInput = Omit<TestGatewayInput, "port"> & { session?: SessionOverride };

/**
 * The engine kit plus scripted SMTP servers and per-gateway session settings. Drains pass no transport timeouts:
 * only the gateway's session settings (RoutableGateway.session) decide how long each stage may take.
 */
export function setUpConformance() {
  const engine = setUpEngineTests();
  const servers: ScriptedSmtpServer[] = [];
  const drains = new Set<Promise<unknown>>();
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    // A drain a failed test left behind must not write into the next test's fresh database.
    await Promise.allSettled([...drains]);
    sessionOverrides.clear();
  });
  let gateways = 0;
  return {
    startServer: engine.startServer,
    async startScripted(script: SmtpScript = {}) {
      const server = await startScriptedSmtpServer({ script });
      servers.push(server);
      return server;
    },
    /** A gateway row for `port` (ids in creation order, so round robin tries the first one first). */
    async gateway(port: number, { session, ...input }: ConformanceGatewayInput = {}) {
      gateways += 1;
      const gateway = await createTestGateway({ id: orderedId(gateways), ...input, port });
      if (session) sessionOverrides.set(gateway.id, session);
      return gateway;
    },
    drain(options: DrainOptions = {}) {
      const drain = drainQueue({ maxMs: 20_000, transport: { ehloName: "outgate.test" }, ...options });
      drains.add(drain);
      void drain.finally(() => drains.delete(drain)).catch(() => {});
      return drain;
    },
  };
}

export type RawMessageInput = { from?: string; to?: string[]; headers?: string[]; body?: string | Buffer; subject?: string };

/** Builds a CRLF message with its own Message-ID; `tag` finds its copies on a server. */
export function buildRaw({ from = "sender@example.org", to = ["rcpt@example.net"], headers = [], body = "Hello.\r\n", subject = "Conformance" }: RawMessageInput = {}) {
  const tag = randomUUID();
  const head = [`From: <${from || "mailer-daemon@example.org"}>`, `To: ${to.map((address) => `<${address}>`).join(", ")}`, `Subject: ${subject}`, `Message-ID: <${tag}@example.org>`, "MIME-Version: 1.0", ...headers];
  const raw = Buffer.concat([Buffer.from(`${head.join("\r\n")}\r\n\r\n`, "utf8"), Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8")]);
  return { tag, raw };
}

/** Queues exactly these bytes through the product's own insert, as the API and DSNs do. */
export async function queueRaw(input: RawMessageInput & { raw?: Buffer } = {}) {
  const from = input.from ?? "sender@example.org";
  const to = input.to ?? ["rcpt@example.net"];
  // A message from buildRaw keeps its tag (the local part of its Message-ID).
  const built = input.raw ? { tag: /^Message-ID: <([^@>]+)@/im.exec(input.raw.toString("latin1"))?.[1] ?? randomUUID(), raw: input.raw } : buildRaw({ ...input, from, to });
  const [row] = await enqueueMessages(
    [{ apiKeyId: null, messageId: `${built.tag}@example.org`, envelopeFrom: from, senderDomain: "example.org", subject: input.subject ?? "Conformance", raw: built.raw, recipients: to }],
    { onlyForHostedDomains: false },
  );
  if (!row) throw new Error("The test message was not stored.");
  return { id: row.id, tag: built.tag, raw: built.raw };
}

export function loadMessage(id: string) {
  return getDb().message.findUniqueOrThrow({
    where: { id },
    include: { recipients: { orderBy: { address: "asc" } }, deliveryLog: { orderBy: { id: "asc" } } },
  });
}

/** True when the gateway is in cool-down now. */
export async function isCoolingDown(gatewayId: string): Promise<boolean> {
  const health = await getDb().gatewayHealth.findUnique({ where: { gatewayId } });
  return !!health?.cooldownUntil && health.cooldownUntil > new Date();
}

/** Makes a queued message due now, for a second drain. */
export function makeDue(id: string) {
  return getDb().message.update({ where: { id }, data: { nextAttemptAt: new Date() } });
}

/** True when `received` is the message with this tag itself (its own Message-ID), not a DSN quoting it. */
export function isCopyOf(received: ScriptedMessage, tag: string): boolean {
  const end = received.body.indexOf("\r\n\r\n");
  const head = received.body.subarray(0, end === -1 ? received.body.length : end).toString("utf8");
  return new RegExp(`^Message-ID:\\s*<${tag}@`, "im").test(head);
}

/** Accepted copies of the message with this tag, on every server given. */
export function copiesOf(tag: string, ...servers: ScriptedSmtpServer[]): number {
  return servers.flatMap((server) => server.accepted()).filter((message) => isCopyOf(message, tag)).length;
}
