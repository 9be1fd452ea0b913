import { z } from "zod";

// Standard alphabet (RFC 4648 §4), padding optional; MIME-style line breaks and spaces are tolerated.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes strict base64 to bytes, or null when the text is not base64 (Buffer.from would silently skip junk). */
export function decodeBase64(text: string): Uint8Array | null {
  const compact = text.replace(/[\s]+/g, "");
  if (!BASE64.test(compact) || compact.length % 4 === 1) return null;
  if (compact.includes("=") && compact.length % 4 !== 0) return null;
  // Buffer where it exists (fast for large attachments); atob in the browser, where this schema may also run.
  if (typeof Buffer !== "undefined") return Buffer.from(compact, "base64");
  return Uint8Array.from(atob(compact), (char) => char.charCodeAt(0));
}

/** base64 text → bytes, with a field error for anything else. */
export const base64Schema = z
  .string("Give the content as base64 text.")
  .transform((value, ctx) => {
    const bytes = decodeBase64(value);
    if (!bytes) {
      ctx.addIssue({ code: "custom", message: "This is not valid base64." });
      return z.NEVER;
    }
    return bytes;
  })
  .meta({ contentEncoding: "base64", description: "base64 (RFC 4648, standard alphabet); padding optional, line breaks allowed." });
