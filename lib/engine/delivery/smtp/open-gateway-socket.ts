import net from "node:net";
import tls from "node:tls";
import { SmtpClientError } from "./smtp-client-error";
import { seconds } from "./smtp-channel";
import { pinnedLookup, resolveOutboundAddresses, type ResolvedAddress } from "../../../platform/resolve-outbound-address";

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
 * the largest single cost the benchmark found (bench/RESULTS.md, run 1). `connectMs` covers resolving the name, the
 * TCP connect and an implicit TLS handshake: it is short, so failover to the next gateway stays fast. The address
 * passes the outbound check first (lib/platform/resolve-outbound-address.ts) and the socket connects only to the
 * checked addresses. TCP failures keep Node's code (ECONNREFUSED, ENOTFOUND, ...); a denied address is EDENIED; TLS
 * failures are ETLS.
 */
export function openGatewaySocket(target: SocketTarget): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    let raw: net.Socket | undefined;
    let socket: net.Socket | undefined;
    let connected = false;
    let settled = false;
    const fail = (error: SmtpClientError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket?.destroy();
      raw?.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new SmtpClientError("ETIMEDOUT", "connect", `connect: no connection to ${target.host}:${target.port} within ${seconds(target.connectMs)}`)),
      target.connectMs,
    );
    const onError = (error: Error & { code?: string }) => {
      if (connected && target.tls) fail(new SmtpClientError("ETLS", "TLS", `TLS: ${error.message}`));
      else fail(new SmtpClientError(error.code ?? "ECONNECTION", "connect", `connect: ${error.message}`));
    };
    const open = (addresses: ResolvedAddress[]) => {
      if (settled) return;
      const tcp = net.connect({ host: target.host.replace(/^\[|\]$/g, ""), port: target.port, lookup: pinnedLookup(addresses), noDelay: true, keepAlive: true });
      const secure: net.Socket = target.tls ? tls.connect({ ...target.tls, socket: tcp }) : tcp;
      raw = tcp;
      socket = secure;
      tcp.once("connect", () => (connected = true));
      secure.once(target.tls ? "secureConnect" : "connect", () => {
        clearTimeout(timer);
        settled = true;
        secure.off("error", onError);
        tcp.off("error", onError);
        resolve(secure);
      });
      secure.on("error", onError);
      if (secure !== tcp) tcp.on("error", onError);
    };
    resolveOutboundAddresses(target.host).then(open, (error: Error & { code?: string }) => onError(error));
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
