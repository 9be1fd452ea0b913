import { z } from "zod";

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Converts a (possibly internationalised) hostname to its lower-case ASCII form (punycode, RFC 5891) using
 * the WHATWG URL parser, which exists in the browser and in Node, so client and server agree.
 * Returns null when the name cannot be a DNS hostname (RFC 1035 / RFC 1123 label rules, 253 characters).
 */
export function toAsciiHostname(input: string, { requireDot = false } = {}): string | null {
  // The URL parser costs a few µs a call and every submission asks about the same few domains (its sender's, its
  // recipients'): answers are kept, up to a bound, keyed by everything the answer depends on. A text too long to be
  // a name is not kept, so the memory stays bounded too.
  if (input.length > MAX_REMEMBERED_LENGTH) return convertToAsciiHostname(input, requireDot);
  const key = `${requireDot ? "." : "-"}${input}`;
  const known = asciiHostnames.get(key);
  if (known !== undefined) return known;
  if (asciiHostnames.size >= MAX_REMEMBERED_HOSTNAMES) asciiHostnames.clear();
  const ascii = convertToAsciiHostname(input, requireDot);
  asciiHostnames.set(key, ascii);
  return ascii;
}

const MAX_REMEMBERED_HOSTNAMES = 10_000;
const MAX_REMEMBERED_LENGTH = 300;
const asciiHostnames = new Map<string, string | null>();

function convertToAsciiHostname(input: string, requireDot: boolean): string | null {
  const trimmed = input.trim().replace(/\.$/, "");
  if (!trimmed || /[\s/:@?#[\]\\%]/.test(trimmed)) return null;
  let ascii: string;
  try {
    ascii = new URL(`http://${trimmed}`).hostname.toLowerCase();
  } catch {
    return null;
  }
  if (ascii.length > 253) return null;
  const labels = ascii.split(".");
  if (!labels.every((label) => LABEL.test(label))) return null;
  if (requireDot && labels.length < 2) return null;
  // A name whose last label is all digits would be read as an IPv4 address.
  if (/^[0-9]+$/.test(labels[labels.length - 1])) return null;
  return ascii;
}

// Built once: building a zod schema costs more than using it, and every submission's Received field asks (the client
// address as an address literal).
const IPV4 = z.ipv4();
const IPV6 = z.ipv6();

// The character tests first: every HTTP submission's Received field asks isIpv6 of an IPv4 client address, and a
// failed safeParse builds its issues — ~3 µs a message in the submit profile (bench/RESULTS.md run 14).
export function isIpv4(value: string): boolean {
  return /^[0-9.]+$/.test(value) && IPV4.safeParse(value).success;
}

export function isIpv6(value: string): boolean {
  return value.includes(":") && IPV6.safeParse(value).success;
}

/**
 * "relay.example.net:587", "192.0.2.10:25", "[2001:db8::1]:25": a stored server address (normaliseServerAddress) with
 * its port, an IPv6 address in brackets so the port stays apart (as in a URL, RFC 3986 §3.2.2). Only IPv6 has a colon.
 */
export function formatHostPort(address: string, port: number): string {
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}

/** An IP literal (v4 or v6, brackets allowed around v6) or a hostname, normalised for storage; null if invalid. */
export function normaliseServerAddress(input: string): string | null {
  const trimmed = input.trim();
  const unbracketed = trimmed.startsWith("[") && trimmed.endsWith("]") ? trimmed.slice(1, -1) : trimmed;
  if (isIpv4(unbracketed)) return unbracketed;
  if (isIpv6(unbracketed)) return unbracketed.toLowerCase();
  return toAsciiHostname(trimmed);
}
