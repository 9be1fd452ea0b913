import fs from "node:fs";
import os from "node:os";
import type MailMessage from "nodemailer/lib/mailer/mail-message";
import SMTPPool from "nodemailer/lib/smtp-pool";
import { getProcessSingleton } from "../../platform/process-singleton";
import { toTransportOptions, type GatewayTransportOptions, type TransportSettings } from "./transport-options";
import type { GatewayConnection } from "./types";

/** What a prepared message needs: the bytes as stored and the SMTP envelope (RFC 5321 MAIL FROM / RCPT TO). */
export type PreparedMail = { raw: Buffer; envelope: { from: string; to: string[] } };

/** A pooled set of SMTP sessions to one gateway. */
export type GatewayTransport = {
  readonly options: GatewayTransportOptions;
  sendMail(mail: PreparedMail): Promise<SMTPPool.SentMessageInfo>;
  close(): void;
};

type PoolEntry = { version: string; transport: GatewayTransport };

// One pool per gateway for the whole process, whichever module copy sends (getProcessSingleton): reusing SMTP sessions
// is the point of pooling, and two copies with pools of their own would open twice the connections per gateway.
const pools = getProcessSingleton("outgate.delivery.transport-pools", () => new Map<string, PoolEntry>());

/**
 * Returns the pooled transport for a gateway. `version` (e.g. the row's updatedAt) changes when the gateway is
 * edited; the old pool is then closed so no message goes out with stale address, TLS or credentials.
 * `settings` are read when a pool is created; they are process-wide and not part of the cache key.
 */
export function getTransport(
  conn: GatewayConnection,
  version: string,
  settings: Partial<TransportSettings> = {},
): GatewayTransport {
  const existing = pools.get(conn.id);
  if (existing?.version === version) return existing.transport;
  existing?.transport.close();

  const transport = createGatewayTransport(
    toTransportOptions(conn, {
      ...settings,
      ehloName: settings.ehloName ?? os.hostname(),
      ca: settings.ca ?? readExtraCa(),
    }),
  );
  pools.set(conn.id, { version, transport });
  return transport;
}

/** Closes the pool of one gateway, e.g. after it was deleted. */
export function closeTransport(gatewayId: string): void {
  pools.get(gatewayId)?.transport.close();
  pools.delete(gatewayId);
}

/** Closes every pooled SMTP session (shutdown, tests). */
export function closeAllTransports(): void {
  for (const { transport } of pools.values()) transport.close();
  pools.clear();
}

/**
 * nodemailer's SMTP pool, fed the stored bytes directly. `transporter.sendMail({ raw })` would first run the
 * message through nodemailer's composer (a MIME tree, a random Message-ID and boundary that are then thrown away,
 * header normalisation, a chain of streams) — half of the client's CPU per message (bench/RESULTS.md, run 4) for
 * bytes we already hold ready to send. The pool's transport contract (`send(mail, callback)`, nodemailer's
 * documented custom-transport interface) needs only the envelope and something to stream; SMTPConnection accepts
 * a Buffer and still dot-stuffs it (RFC 5321 §4.5.2).
 */
function createGatewayTransport(options: GatewayTransportOptions): GatewayTransport {
  const pool = new SMTPPool(options);
  return {
    options,
    sendMail: ({ raw, envelope }) =>
      new Promise((resolve, reject) => {
        pool.send(toPoolMail(raw, envelope), (error, info) => (error ? reject(error) : resolve(info)));
      }),
    close: () => pool.close(),
  };
}

/** The parts of nodemailer's MailMessage the pool reads: envelope, a message id for its logs, and the body. */
function toPoolMail(raw: Buffer, envelope: PreparedMail["envelope"]): MailMessage {
  const message = {
    getEnvelope: () => ({ from: envelope.from, to: [...envelope.to] }),
    messageId: () => "",
    getHeader: () => "",
    createReadStream: () => raw,
  };
  return { data: {}, message } as unknown as MailMessage;
}

/**
 * PEM bundle trusted in addition to the system CAs, for gateways behind a private CA (and for tests).
 * Read from OUTGATE_EXTRA_CA_FILE directly: lib/engine/delivery stays free of the app's env module so a bare worker can use it.
 */
function readExtraCa(): string[] | undefined {
  const file = process.env.OUTGATE_EXTRA_CA_FILE;
  if (!file) return undefined;
  return [fs.readFileSync(file, "utf8")];
}
