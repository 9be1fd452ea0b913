import type { Socket } from "node:net";
import { SMTPServer } from "smtp-server";
import { findFreePort } from "../../../lib/platform/free-port";

export type Delivery = { messageId: string; at: number };

export type SmtpSink = {
  name: string;
  port: number;
  /** Every accepted message, in order. */
  deliveries: Delivery[];
  /** Message-ID → how many times it arrived here. */
  counts: Map<string, number>;
  /** Sessions opened while up (refused ones are not possible: a down sink does not listen at all). */
  sessions(): number;
  isUp(): boolean;
  /** Stops listening and cuts every open session, so the port refuses connections like a dead host. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
};

/** A real smtp-server on a fixed loopback port that records each message's Message-ID and can be taken down. */
export async function startSmtpSink(name: string): Promise<SmtpSink> {
  const port = await findFreePort();
  const deliveries: Delivery[] = [];
  const counts = new Map<string, number>();
  let sessions = 0;
  let server: SMTPServer | null = null;
  const sockets = new Set<Socket>();

  const listen = async () => {
    const next = new SMTPServer({
      name: `sink-${name}`,
      logger: false,
      authOptional: true,
      disabledCommands: ["AUTH", "STARTTLS"],
      hideSTARTTLS: true,
      disableReverseLookup: true,
      closeTimeout: 50,
      size: 64 * 1024 * 1024,
      onConnect(_session, callback) {
        sessions += 1;
        callback();
      },
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("error", callback);
        stream.on("end", () => {
          const messageId = readMessageId(Buffer.concat(chunks)) ?? "(none)";
          deliveries.push({ messageId, at: Date.now() });
          counts.set(messageId, (counts.get(messageId) ?? 0) + 1);
          callback(null, "Message queued");
        });
      },
    });
    next.on("error", () => {});
    next.server.on("connection", (socket: Socket) => {
      // Replies go out at once rather than waiting on Nagle's algorithm (a real MTA is not on loopback).
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      next.server.once("error", reject);
      next.listen(port, "127.0.0.1", () => resolve());
    });
    server = next;
  };
  await listen();

  return {
    name,
    port,
    deliveries,
    counts,
    sessions: () => sessions,
    isUp: () => server !== null,
    async down() {
      const running = server;
      server = null;
      if (!running) return;
      const closed = new Promise<void>((resolve) => running.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    async up() {
      if (!server) await listen();
    },
  };
}

function readMessageId(raw: Buffer): string | null {
  const headerEnd = raw.indexOf("\r\n\r\n");
  const headers = raw.subarray(0, headerEnd === -1 ? raw.length : headerEnd).toString("utf8");
  const match = /^message-id:[ \t]*(.*)$/im.exec(headers);
  return match ? match[1].trim() : null;
}
