/**
 * How wide an IP-only relay credential's networks may be. Relay without AUTH trusts every host inside them to send
 * as any domain the credential may use, so a network covering a large share of the address space makes Outgate
 * (nearly) an open relay. Pure (no server imports): the form, the action and the SMTP listener judge alike.
 *
 * The bound, per block: IPv4 /8, IPv6 /32.
 * - /8 is the widest network one site plausibly trusts wholesale: 10.0.0.0/8, RFC 1918's largest private block
 *   (and the widest of Postfix's `mynetworks_style = class`; its default, `subnet`, is narrower). An office is a
 *   /24–/16, a hosting provider's server range a /29–/16. Anything wider holds other people's hosts: 0.0.0.0/1 is
 *   half of the internet.
 * - IPv6 /32 is an RIR's minimum allocation to a whole provider (a site gets a /48, RFC 6177), so even a provider
 *   trusting its own customers stays inside it.
 * Per list: at most two of those (2^25 IPv4 addresses, 2^97 IPv6), so a list of allowed blocks cannot sum to a large
 * share (100 /8s would be 39 % of IPv4). Two, not one, so all of RFC 1918 (10/8 + 172.16/12 + 192.168/16) fits.
 * IPv4-mapped IPv6 (::ffff:0:0/96, RFC 4291 §2.5.5.2) is IPv4 written another way and counts as IPv4.
 */
export const RELAY_MIN_PREFIX = { 4: 8, 6: 32 } as const;
const RELAY_MAX_ADDRESSES = { 4: 2n ** 25n, 6: 2n ** 97n } as const;
const BITS = { 4: 32, 6: 128 } as const;

type Family = 4 | 6;
/** One address block as numbers: its first address (host bits cleared) and prefix length. */
type IpBlock = { family: Family; first: bigint; prefix: number };

const MAPPED_PREFIX = 0xffffn << 32n; // ::ffff:0:0/96

function parseIpv4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return null;
  return parts.reduce((value, part) => (value << 8n) | BigInt(part), 0n);
}

function parseIpv6(text: string): bigint | null {
  let groups = text;
  let tail: bigint[] = [];
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = parseIpv4(dotted[2]);
    if (v4 === null) return null;
    groups = `${dotted[1]}0`; // a placeholder group, replaced by the two groups the IPv4 tail is
    tail = [v4 >> 16n, v4 & 0xffffn];
  }
  const halves = groups.split("::");
  if (halves.length > 2) return null;
  const read = (half: string) => (half === "" ? [] : half.split(":"));
  const head = read(halves[0]);
  const rest = halves.length === 2 ? read(halves[1]) : [];
  if (![...head, ...rest].every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return null;
  const words = [...head, ...rest].map((group) => BigInt(`0x${group}`));
  if (tail.length > 0) words.splice(words.length - 1, 1, ...tail);
  const missing = 8 - words.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = halves.length === 2 ? [...words.slice(0, head.length), ...Array<bigint>(missing).fill(0n), ...words.slice(head.length)] : words;
  return all.reduce((value, word) => (value << 16n) | word, 0n);
}

/** "a.b.c.d/n", "v6::/n" or a bare address (its own /32 or /128); null for anything else. */
export function parseIpBlock(text: string): IpBlock | null {
  const [address, prefixText, ...extra] = text.trim().toLowerCase().split("/");
  if (extra.length > 0) return null;
  const family: Family = address.includes(":") ? 6 : 4;
  const value = family === 4 ? parseIpv4(address) : parseIpv6(address);
  if (value === null || (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText))) return null;
  const prefix = prefixText === undefined ? BITS[family] : Number(prefixText);
  if (prefix > BITS[family]) return null;
  const hostBits = BigInt(BITS[family] - prefix);
  return { family, first: (value >> hostBits) << hostBits, prefix };
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join(".");
}

/** The IPv4 addresses an IPv6 block holds as IPv4-mapped ones, as an IPv4 block; null when it holds none. */
function mappedIpv4(block: IpBlock): IpBlock | null {
  if (block.family !== 6) return null;
  if (block.prefix >= 96) return block.first >> 32n === MAPPED_PREFIX >> 32n ? { family: 4, first: block.first & 0xffffffffn, prefix: block.prefix - 96 } : null;
  const hostBits = BigInt(128 - block.prefix);
  return (MAPPED_PREFIX >> hostBits) << hostBits === block.first ? { family: 4, first: 0n, prefix: 0 } : null;
}

/** An IPv4-mapped IPv6 block (::ffff:192.0.2.0/120) in IPv4 notation (192.0.2.0/24), or null for any other text. */
export function mappedIpv4Notation(text: string): string | null {
  const block = parseIpBlock(text);
  const ipv4 = block && block.prefix >= 96 ? mappedIpv4(block) : null;
  return ipv4 ? `${formatIpv4(ipv4.first)}/${ipv4.prefix}` : null;
}

/** 0.0.0.0 or :: as a single address: the unspecified address (RFC 1122 §3.2.1.3, RFC 4291 §2.5.2), no client's. */
export function isUnspecifiedAddress(text: string): boolean {
  const block = parseIpBlock(text);
  return block !== null && block.first === 0n && block.prefix === BITS[block.family];
}

/** How many addresses of `family` the blocks hold together, overlaps counted once. */
function countAddresses(blocks: IpBlock[], family: Family): bigint {
  const ranges = blocks
    .filter((block) => block.family === family)
    .map((block) => ({ start: block.first, end: block.first + (1n << BigInt(BITS[family] - block.prefix)) }))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  let total = 0n;
  let reached = 0n;
  for (const { start, end } of ranges) {
    if (end <= reached) continue;
    total += end - (start > reached ? start : reached);
    reached = end;
  }
  return total;
}

export type RelayNetworkCheck = {
  /** The networks IP-only relay may use: all of them, or fewer when some (or, past the list bound, all) are refused. */
  honoured: string[];
  /** Each refused network with why, in words an admin can act on; empty when the list is within the bound. */
  refused: { network: string; reason: string }[];
};

/**
 * Judges a credential's networks (CIDR texts as stored) for IP-only relay: a block wider than RELAY_MIN_PREFIX, or
 * holding that much IPv4 as mapped addresses, or no block at all, is refused by itself; when the rest together hold
 * more than two such blocks, every network is refused, since no subset of them is the one the admin meant.
 */
export function checkRelayNetworks(networks: readonly string[]): RelayNetworkCheck {
  const honoured: { network: string; blocks: IpBlock[] }[] = [];
  const refused: RelayNetworkCheck["refused"] = [];
  for (const network of networks) {
    const block = parseIpBlock(network);
    const ipv4 = block && mappedIpv4(block);
    if (!block) refused.push({ network, reason: `"${network}" is not an IP address or CIDR block.` });
    else if (block.prefix < RELAY_MIN_PREFIX[block.family]) refused.push({ network, reason: `"${network}" is too wide for IP-only relay: ${tooWideAdvice()}` });
    else if (ipv4 && ipv4.prefix < RELAY_MIN_PREFIX[4]) refused.push({ network, reason: `"${network}" is too wide for IP-only relay: it holds ${ipv4.prefix === 0 ? "all of IPv4" : `${formatIpv4(ipv4.first)}/${ipv4.prefix}`} as IPv4-mapped addresses; ${tooWideAdvice()}` });
    else honoured.push({ network, blocks: ipv4 ? [block, ipv4] : [block] });
  }
  const blocks = honoured.flatMap((entry) => entry.blocks);
  for (const family of [4, 6] as const) {
    const total = countAddresses(blocks, family);
    if (total <= RELAY_MAX_ADDRESSES[family]) continue;
    const reason = `Together these networks hold ${total.toLocaleString("en-US")} IPv${family} addresses; IP-only relay takes at most ${RELAY_MAX_ADDRESSES[family].toLocaleString("en-US")} (two /${RELAY_MIN_PREFIX[family]} blocks). List only your own networks, or untick IP-only relay and give the clients the password.`;
    return { honoured: [], refused: [...refused, ...honoured.map(({ network }) => ({ network, reason }))] };
  }
  return { honoured: honoured.map(({ network }) => network), refused };
}

function tooWideAdvice(): string {
  return `every host in it could send without a password. Use IPv4 blocks of /${RELAY_MIN_PREFIX[4]} or narrower and IPv6 blocks of /${RELAY_MIN_PREFIX[6]} or narrower (your own networks), or untick IP-only relay and give the clients the password.`;
}
