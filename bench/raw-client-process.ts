/**
 * The limit: the same sinks fed directly by pooled nodemailer transports (one per sink, as the worker has one
 * per gateway), with no API and no queue. Runs in its own process like a worker does.
 * `client: "sendMail"` is the reference client (`transporter.sendMail({ raw })`); `client: "outgate"` is
 * Outgate's own gateway pool (lib/engine/delivery/transport-pool.ts: Outgate's SMTP client, lib/engine/delivery/smtp/,
 * fed the prepared bytes) — the fastest this SMTP client can go with no queue at all.
 *   → { type: "run", ports, count, maxConnections, maxMessages, inFlight, noDelay, client }
 *   ← { type: "done", elapsedMs, startedAt, errors, ids }
 */
import { randomUUID } from "node:crypto";
import net from "node:net";
import nodemailer from "nodemailer";
import { closeTransport, getTransport } from "../lib/engine/delivery/transport-pool";
import { BENCH_DOMAIN, ENVELOPE_FROM, RECIPIENT, rawMessage } from "./message-template";

type RunRequest = {
  type: "run";
  ports: number[];
  count: number;
  maxConnections: number;
  maxMessages: number;
  inFlight: number;
  noDelay: boolean;
  client: "sendMail" | "outgate";
};

type Sender = { sendMail(mail: { raw: Buffer; envelope: { from: string; to: string[] } }): Promise<unknown>; close(): void };

type SocketCallback = (error: Error | null, socketOptions?: { connection: net.Socket }) => void;

/**
 * nodemailer leaves Nagle's algorithm on: the end of DATA (".") then waits for the ACK of the body, which the
 * server delays (40 ms on Linux). The limit is measured without that stall, on sockets opened with TCP_NODELAY.
 */
function noDelaySocket(port: number) {
  return (_options: unknown, callback: SocketCallback) => {
    const socket = net.connect({ host: "127.0.0.1", port, noDelay: true });
    socket.once("connect", () => callback(null, { connection: socket }));
    socket.once("error", (error) => callback(error));
  };
}

function createSenders({ ports, maxConnections, maxMessages, noDelay, client }: RunRequest): Sender[] {
  if (client === "outgate") {
    return ports.map((port) => {
      const id = `raw-${port}`;
      const transport = getTransport({ id, address: "127.0.0.1", port, encryption: "NONE", verifyCertificate: false, auth: null }, "raw", {
        ehloName: "bench.local",
        maxConnections,
        maxMessages,
      });
      // closeTransport also forgets the pool, so the next run gets a fresh one rather than the closed one back.
      return {
        // The pool answers per recipient instead of throwing; a recipient not accepted counts as an error here.
        sendMail: async (mail) => {
          const result = await transport.sendMail(mail);
          if (!result.recipients.every((recipient) => recipient.accepted)) throw new Error("not accepted");
        },
        close: () => closeTransport(id),
      };
    });
  }
  return ports.map((port) =>
    nodemailer.createTransport({
      pool: true,
      host: "127.0.0.1",
      port,
      secure: false,
      ignoreTLS: true,
      maxConnections,
      maxMessages,
      logger: false,
      ...(noDelay ? { getSocket: noDelaySocket(port) } : {}),
    }),
  );
}

async function run(request: RunRequest) {
  const { count, inFlight } = request;
  const transports = createSenders(request);
  // Built before the clock starts: the worker reads its messages ready-made from the database too.
  const ids = Array.from({ length: count }, () => `${randomUUID()}@${BENCH_DOMAIN}`);
  const raws = ids.map(rawMessage);
  let next = 0;
  let errors = 0;
  const startedAt = Date.now();
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const index = next++;
        try {
          await transports[index % transports.length].sendMail({ raw: raws[index], envelope: { from: ENVELOPE_FROM, to: [RECIPIENT] } });
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6;
  for (const transport of transports) transport.close();
  return { elapsedMs, startedAt, errors, ids };
}

process.on("message", (request: RunRequest) => {
  if (request.type !== "run") return;
  run(request).then(
    (result) => process.send?.({ type: "done", ...result }),
    (error: Error) => process.send?.({ type: "done", elapsedMs: NaN, startedAt: 0, errors: -1, ids: [], message: error.message }),
  );
});
process.on("disconnect", () => process.exit(0));
process.send?.({ type: "ready" });
