import net from "node:net";
import tls from "node:tls";
import { SmtpClientError } from "./smtp-client-error";
import { seconds } from "./smtp-channel";

export type SocketTarget = {
  host: string;
  port: number;
  connectMs: number;
  /** TLS from the first byte (IMPLICIT_TLS); null for a clear-text start. */
  tls: tls.ConnectionOptions | null;
};

/**
 * Opens a gateway connection with TCP_NODELAY. With Nagle's algorithm the small "." line at the end of DATA waits
 * for the ACK of the body, which the gateway delays (40 ms on Linux, 200 ms on Windows) — one stall per message,
 * the largest single cost the benchmark found (bench/RESULTS.md, run 1). `connectMs` covers the TCP connect and an
 * implicit TLS handshake: it is short, so failover to the next gateway stays fast. TCP failures keep Node's code
 * (ECONNREFUSED, ...); TLS failures are ETLS.
 */
export function openGatewaySocket(target: SocketTarget): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const raw = net.connect({ host: target.host, port: target.port, noDelay: true, keepAlive: true });
    const socket: net.Socket = target.tls ? tls.connect({ ...target.tls, socket: raw }) : raw;
    let connected = false;
    const fail = (error: SmtpClientError) => {
      clearTimeout(timer);
      socket.destroy();
      raw.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new SmtpClientError("ETIMEDOUT", "connect", `connect: no connection to ${target.host}:${target.port} within ${seconds(target.connectMs)}`)),
      target.connectMs,
    );
    raw.once("connect", () => (connected = true));
    socket.once(target.tls ? "secureConnect" : "connect", () => {
      clearTimeout(timer);
      socket.off("error", onError);
      raw.off("error", onError);
      resolve(socket);
    });
    const onError = (error: Error & { code?: string }) => {
      if (connected && target.tls) fail(new SmtpClientError("ETLS", "TLS", `TLS: ${error.message}`));
      else fail(new SmtpClientError(error.code ?? "ECONNECTION", "connect", `connect: ${error.message}`));
    };
    socket.on("error", onError);
    if (socket !== raw) raw.on("error", onError);
  });
}

/** Upgrades a connected socket after "220" to STARTTLS (RFC 3207), within `timeoutMs`. */
export function startTls(socket: net.Socket, options: tls.ConnectionOptions, timeoutMs: number): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tls.connect({ ...options, socket });
    const timer = setTimeout(() => fail(new Error(`no TLS handshake within ${seconds(timeoutMs)}`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      secure.destroy();
      socket.destroy();
      reject(new SmtpClientError("ETLS", "STARTTLS", `STARTTLS: ${error.message}`));
    };
    secure.once("secureConnect", () => {
      clearTimeout(timer);
      secure.off("error", fail);
      resolve(secure);
    });
    secure.on("error", fail);
  });
}
