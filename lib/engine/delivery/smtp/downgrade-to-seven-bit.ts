import { encode, wrap } from "nodemailer/lib/qp";

const HEADER_END = Buffer.from("\r\n\r\n");

/**
 * RFC 6152 §3 lets a client without 8BITMIME on the other side convert an 8-bit MIME body to 7 bits. Done here
 * only where it is certainly right: a MIME message (MIME-Version present) with an ASCII header whose one body is
 * text/* in 8bit or 7bit, re-encoded as quoted-printable (RFC 2045 §6.7) with its Content-Transfer-Encoding
 * changed to match; the charset stays as declared. Multipart bodies, non-text types and non-MIME messages give
 * null: the caller refuses them with a clear reason instead of guessing.
 */
export function downgradeToSevenBit(raw: Buffer): Buffer | null {
  const headerEnd = raw.indexOf(HEADER_END);
  if (headerEnd === -1) return null;
  const fields = splitFields(raw.toString("latin1", 0, headerEnd + 2));
  const valueOf = (name: string) => fields.find((field) => field.name === name)?.value;
  if (valueOf("mime-version") === undefined) return null;
  const type = (valueOf("content-type") ?? "text/plain").split(";")[0].trim().toLowerCase();
  if (!type.startsWith("text/")) return null;
  const encoding = (valueOf("content-transfer-encoding") ?? "7bit").trim().toLowerCase();
  if (encoding !== "8bit" && encoding !== "7bit") return null;

  const kept = fields.filter((field) => field.name !== "content-transfer-encoding").map((field) => field.raw);
  const body = wrap(encode(raw.subarray(headerEnd + HEADER_END.length)), 76);
  return Buffer.from(`${kept.join("")}Content-Transfer-Encoding: quoted-printable\r\n\r\n${body}`, "latin1");
}

type Field = { name: string; value: string; raw: string };

/** Header fields with their folded continuation lines (RFC 5322 §2.2.3), each raw text ending in CRLF. */
function splitFields(header: string): Field[] {
  const fields: Field[] = [];
  for (const line of header.split("\r\n").slice(0, -1)) {
    const last = fields[fields.length - 1];
    if (last && (line.startsWith(" ") || line.startsWith("\t"))) {
      last.raw += `${line}\r\n`;
      last.value += line;
      continue;
    }
    const colon = line.indexOf(":");
    fields.push({ name: line.slice(0, Math.max(colon, 0)).trim().toLowerCase(), value: colon === -1 ? "" : line.slice(colon + 1), raw: `${line}\r\n` });
  }
  return fields;
}
