import type { IncomingMessage } from "node:http";

/**
 * Next's route handlers and next-auth's authorize() see only request headers, never the socket, so the production
 * web server (scripts/web-server.ts) writes the connecting peer's address into this header on every request,
 * replacing whatever a client sent under that name.
 */
export const PEER_ADDRESS_HEADER = "x-outgate-peer-address";

/** Process-wide (every module copy shares it): set once the web server stamps every request. */
const STAMPED = Symbol.for("outgate.http.peer-address-stamped");

type Stamped = { [STAMPED]?: boolean };

/** Writes the socket's address into PEER_ADDRESS_HEADER (overwriting a client's) before Next sees the request. */
export function stampPeerAddress(req: IncomingMessage): void {
  (globalThis as Stamped)[STAMPED] = true;
  req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
  // Next builds its Request from req.headers; drop a client's copy from the raw list as well, so none survives.
  for (let index = req.rawHeaders.length - 2; index >= 0; index -= 2) {
    if (req.rawHeaders[index].toLowerCase() === PEER_ADDRESS_HEADER) req.rawHeaders.splice(index, 2);
  }
}

/**
 * The connecting peer's address as the web server stamped it, or null when this process is not served by
 * scripts/web-server.ts (`next dev`, `next start`): then the header could come from anyone and is ignored.
 */
export function readPeerAddress(header: (name: string) => string | null): string | null {
  if (!(globalThis as Stamped)[STAMPED]) return null;
  return header(PEER_ADDRESS_HEADER)?.trim() || null;
}
