/** One SMTP reply (RFC 5321 §4.2), all its lines together. */
export type SmtpReply = {
  code: number;
  /** RFC 3463 enhanced status code ("5.1.1") when the reply starts with one of the same class, else null. */
  enhanced: string | null;
  /** The text after the code (and enhanced code), lines joined by a space. */
  message: string;
  /** The reply as received, lines joined by "\n", e.g. "550 5.1.1 <x@y>: user unknown". */
  text: string;
  /** The text of each line after the code, for EHLO's extension list. */
  lines: string[];
};

const LF = 0x0a;
const CR = 0x0d;
/** RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; a peer sending far more is not speaking SMTP. */
const MAX_PENDING_BYTES = 64 * 1024;
const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})(?=\s|$)/;

/**
 * Reads replies from the byte stream: "250-first" lines continue, "250 last" (or a bare "250") ends the reply
 * (RFC 5321 §4.2.1). Bytes are split on LF and a trailing CR dropped, so a server sending bare LF still works.
 */
export class ReplyReader {
  private rest: Buffer | null = null;
  private lines: string[] = [];
  private code = 0;

  constructor(
    private readonly onReply: (reply: SmtpReply) => void,
    private readonly onGarbage: (line: string) => void,
  ) {}

  feed(chunk: Buffer): void {
    const data = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    for (let newline = data.indexOf(LF, start); newline !== -1; newline = data.indexOf(LF, start)) {
      const end = newline > start && data[newline - 1] === CR ? newline - 1 : newline;
      const ok = this.line(data.toString("utf8", start, end));
      start = newline + 1;
      if (!ok) return;
    }
    this.rest = start < data.length ? data.subarray(start) : null;
    if (this.rest && this.rest.length > MAX_PENDING_BYTES) this.onGarbage(this.rest.toString("utf8", 0, 80));
  }

  private line(line: string): boolean {
    const code = Number(line.slice(0, 3));
    const separator = line.charAt(3);
    if (!(code >= 200 && code <= 599) || (separator !== "" && separator !== " " && separator !== "-") || (this.lines.length > 0 && code !== this.code)) {
      this.onGarbage(line.slice(0, 80));
      return false;
    }
    this.code = code;
    this.lines.push(line);
    if (separator === "-") return true;
    const lines = this.lines;
    this.lines = [];
    this.onReply(toReply(code, lines));
    return true;
  }
}

function toReply(code: number, lines: string[]): SmtpReply {
  const texts = lines.map((line) => line.slice(4));
  const first = ENHANCED.exec(texts[0] ?? "");
  const enhanced = first && Number(first[1]) === Math.floor(code / 100) ? first[0] : null;
  const message = (enhanced ? texts.map((text) => (text.startsWith(enhanced) ? text.slice(enhanced.length).trimStart() : text)) : texts).join(" ");
  return { code, enhanced, message, text: lines.length === 1 ? lines[0] : lines.join("\n"), lines: texts };
}
