import dns from "node:dns";
import net from "node:net";
import { getOutboundDenyList, type OutboundDenyList } from "./outbound-deny-list";

export type ResolvedAddress = { address: string; family: 4 | 6 };

/** Every address of a name, as getaddrinfo gives them (dns.lookup with `all`). */
export type LookupAll = (name: string) => Promise<{ address: string; family: number }[]>;

/** A destination on the deny list. `code` lets the SMTP and HTTP clients classify it like a socket error. */
export class OutboundDeniedError extends Error {
  readonly code = "EDENIED";
  constructor(host: string) {
    super(`${host} is not an allowed destination (link-local or OUTGATE_OUTBOUND_DENY)`);
    this.name = "OutboundDeniedError";
  }
}

const systemLookup: LookupAll = (name) => dns.promises.lookup(name, { all: true, verbatim: true });

/**
 * The one check every outbound connection passes (SMTP gateways, SmarterMail requests): resolves `host` (an IP
 * literal, brackets allowed, or a name) and returns every address it has, after checking each one against the deny
 * list. A name with any denied address is refused whole. Callers connect only to the addresses returned
 * (`pinnedLookup`), never resolve the name again, so a DNS answer that changes in between (rebinding) cannot slip a
 * denied address past the check. Rejects with OutboundDeniedError (code EDENIED) or the resolver's error (ENOTFOUND…).
 */
export async function resolveOutboundAddresses(
  host: string,
  { lookup = systemLookup, denyList = getOutboundDenyList() }: { lookup?: LookupAll; denyList?: OutboundDenyList } = {},
): Promise<ResolvedAddress[]> {
  const bare = host.replace(/^\[|\]$/g, "");
  const literal = net.isIP(bare.replace(/%.*$/, ""));
  const found = literal ? [{ address: bare, family: literal }] : await lookup(bare);
  if (found.length === 0) throw Object.assign(new Error(`${host}: no address`), { code: "ENOTFOUND" });
  if (found.some(({ address }) => denyList.isDenied(address))) throw new OutboundDeniedError(host);
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}

/**
 * A `lookup` for net.connect / http.request that answers with the checked addresses only (all of them when Node asks
 * for all, for its happy-eyeballs connect), so the connection goes where the check said it may.
 */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): net.LookupFunction {
  return ((_hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : options.family;
    const wanted = addresses.filter((address) => !family || address.family === family);
    const usable = wanted.length > 0 ? wanted : addresses;
    if (options.all) callback(null, usable.map(({ address, family }) => ({ address, family })));
    else callback(null, usable[0].address, usable[0].family);
  }) as net.LookupFunction;
}
