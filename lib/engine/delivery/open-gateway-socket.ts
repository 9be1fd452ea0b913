import net from "node:net";

type SocketCallback = (error: Error | null, socketOptions?: { connection: net.Socket }) => void;

/** nodemailer's `getSocket` hook (SMTPPool.Options["getSocket"]), narrowed to what we use. */
export type GetSocket = (options: unknown, callback: SocketCallback) => void;

/**
 * Opens gateway connections with TCP_NODELAY. nodemailer leaves Nagle's algorithm on: at the end of DATA the
 * small "." line then waits for the ACK of the body, which the gateway delays (40 ms on Linux, 200 ms on
 * Windows) — one stall per message, the largest single cost the benchmark found (bench/RESULTS.md, run 1).
 *
 * The socket is handed over while it is still connecting, exactly like a proxy socket: nodemailer attaches its
 * own listeners at once, so a refused or reset connection fails through its normal path (ESOCKET, the pool drops
 * the connection) and IMPLICIT_TLS / STARTTLS are upgraded by nodemailer with the configured `tls` options.
 * (Calling back with an error instead would leave a dead slot in nodemailer's pool.) Because nodemailer starts
 * its greeting timer at the handover, the TCP connect gets its own `connectionMs` limit here.
 */
export function openGatewaySocket(host: string, port: number, connectionMs: number): GetSocket {
  return (_options, callback) => {
    const socket = net.connect({ host, port, noDelay: true, keepAlive: true });
    const timer = setTimeout(() => {
      if (!socket.connecting) return;
      socket.destroy(Object.assign(new Error(`Connection timeout (${host}:${port})`), { code: "ETIMEDOUT" }));
    }, connectionMs);
    const stop = () => clearTimeout(timer);
    socket.once("connect", stop);
    socket.once("close", stop);
    callback(null, { connection: socket });
  };
}
