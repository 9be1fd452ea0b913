import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";

/**
 * Stored octets as text to show: UTF-8 (what 8BITMIME and SMTPUTF8 mail carries; ASCII is a subset), any other byte
 * as U+FFFD, bidi controls made visible (revealBidiControls), so the text reads as stored. A cut through a multi-byte
 * character at the end shows one U+FFFD.
 */
export function decodeSource(octets: Uint8Array): string {
  return revealBidiControls(new TextDecoder("utf-8", { fatal: false }).decode(octets));
}

/** "Showing the first 256 KiB of 3.1 MiB (3,250,000 bytes). Download the .eml for the whole message." */
export function describeSourceCut(shown: number, size: number): string {
  const mib = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`);
  return `Showing the first ${mib(shown)} of ${mib(size)} (${size.toLocaleString("en")} bytes). Download the .eml for the whole message.`;
}
