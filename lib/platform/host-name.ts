import dns from "node:dns";
import os from "node:os";
import { normaliseHeloName, toAddressLiteral } from "../validation/helo-name";
import { getEnv } from "./env";
import { getProcessSingleton } from "./process-singleton";

/** The name Outgate gives itself, and whether a strict smarthost will take it (RFC 5321 §4.1.1.1). */
export type HostName = {
  name: string;
  /** An FQDN or an address literal; false for a bare host name such as "web-1" or "localhost". */
  qualified: boolean;
  /** Where it came from, for the start-up line. */
  source: "OUTGATE_EHLO_NAME" | "reverse lookup" | "os.hostname()" | "host address";
};

export type HostNameSources = {
  configured?: string;
  hostname: () => string;
  /** The host's own address (dns.lookup of its name, local configuration first). */
  lookup: (name: string) => Promise<string>;
  /** The name for an address (dns.lookupService: /etc/hosts, then DNS PTR). */
  lookupService: (address: string) => Promise<string>;
  timeoutMs?: number;
};

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * Works out the name once: OUTGATE_EHLO_NAME when set (already checked by env.ts); otherwise the host's canonical
 * name — os.hostname(), its address by lookup and that address's name by reverse lookup, the first fully qualified
 * of the reverse name and os.hostname() — else the host's own (non-loopback) address as a literal, which RFC 5321
 * accepts as well; only when none of these exists, the bare host name (and `qualified: false`, said at start-up).
 * Lookups that fail or hang (no DNS in a container) just skip their step.
 */
export async function resolveHostName({ configured, hostname, lookup, lookupService, timeoutMs = 3000 }: HostNameSources): Promise<HostName> {
  if (configured) return { name: configured, qualified: true, source: "OUTGATE_EHLO_NAME" };
  const bare = hostname().trim().toLowerCase().replace(/\.$/, "");
  const address = await withTimeout(lookup(bare), timeoutMs);
  const reverse = address ? await withTimeout(lookupService(address), timeoutMs) : null;
  const reverseName = reverse ? normaliseHeloName(reverse) : null;
  if (reverseName) return { name: reverseName, qualified: true, source: "reverse lookup" };
  const ownName = normaliseHeloName(bare);
  if (ownName) return { name: ownName, qualified: true, source: "os.hostname()" };
  if (address && !LOOPBACK.test(address)) return { name: toAddressLiteral(address), qualified: true, source: "host address" };
  return { name: bare || "localhost", qualified: false, source: "os.hostname()" };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([promise.catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const SYSTEM_SOURCES: Omit<HostNameSources, "configured"> = {
  hostname: () => os.hostname(),
  lookup: async (name) => (await dns.promises.lookup(name, { hints: dns.ADDRCONFIG })).address,
  lookupService: async (address) => (await dns.promises.lookupService(address, 0)).hostname,
};

const holder = getProcessSingleton("outgate.platform.host-name", () => ({ resolved: undefined as Promise<HostName> | undefined }));

/**
 * The one name Outgate uses for itself — EHLO, DSNs (MAILER-DAEMON@name, Reporting-MTA, their Message-IDs), the
 * `Received:` field of every message it accepts, and the Message-IDs it adds (generate-message-id.ts: on the
 * sender's domain instead when this is no FQDN) — resolved once per process (start-up
 * awaits it; later callers get the settled promise, no lookup) and read everywhere.
 */
export function getHostName(): Promise<HostName> {
  holder.resolved ??= resolveHostName({ configured: getEnv().OUTGATE_EHLO_NAME, ...SYSTEM_SOURCES });
  return holder.resolved;
}

/** The start-up line: the name in use, and a warning when strict gateways will refuse it. */
export function describeHostName({ name, qualified, source }: HostName): string {
  if (qualified) return `[outgate] announcing itself as ${name} (${source})`;
  return (
    `[outgate] warning: announcing itself as "${name}", which is not a fully qualified domain name (RFC 5321 §4.1.1.1); ` +
    "gateways that check the HELO name will refuse mail and receivers distrust its bounces. Set OUTGATE_EHLO_NAME to this host's DNS name."
  );
}
