/**
 * Bidirectional formatting characters: embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, and the
 * marks U+200E, U+200F and U+061C (Unicode UAX #9). Shown as they are, they reorder the text around them, so
 * "invoice\u202Efdp.exe" reads as "invoiceexe.pdf" — the "Trojan Source" trick (CVE-2021-42574) applied to subjects
 * and names.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * The text with every bidi control made visible as "⟨U+202E⟩" (upper-case hex, four digits), so what an admin
 * reads is what is stored; all other characters are kept. For text the console shows that a client or an admin
 * wrote (subjects, addresses, names, descriptions, errors). Client-safe.
 */
export function revealBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, (control) => `⟨U+${control.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}⟩`);
}
