/**
 * The 2 KB test message. Every message differs only in its Message-ID, which the sinks read to prove that each
 * one arrived exactly once. The SQL fill builds the same bytes as prefix || <id> || suffix.
 */
export const BENCH_DOMAIN = "bench.example";
export const ENVELOPE_FROM = `sender@${BENCH_DOMAIN}`;
export const RECIPIENT = "rcpt@dest.example";
export const MESSAGE_BYTES = 2048;

const LINE = "The quick brown fox jumps over the lazy dog while the queue drains steadily. ";

/** About `bytes` of 7-bit text in lines of at most 78 characters (RFC 5322 §2.1.1). */
export function bodyText(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const line = LINE.slice(0, Math.min(LINE.length, bytes - size - 2)).trimEnd() || "x";
    lines.push(line);
    size += line.length + 2;
  }
  return lines.join("\r\n");
}

const HEADERS_BEFORE_ID = [
  `From: Bench <${ENVELOPE_FROM}>`,
  `To: ${RECIPIENT}`,
  "Subject: Outgate benchmark",
  "Date: Sat, 28 Nov 2026 00:00:00 +0000",
  "MIME-Version: 1.0",
  "Content-Type: text/plain; charset=us-ascii",
  "Content-Transfer-Encoding: 7bit",
].join("\r\n");

export const RAW_PREFIX = `${HEADERS_BEFORE_ID}\r\nMessage-ID: <`;
const SUFFIX_HEAD = ">\r\n\r\n";
/** A uuid@bench.example id is 49 characters. */
const ID_LENGTH = 36 + 1 + BENCH_DOMAIN.length;
export const RAW_SUFFIX = SUFFIX_HEAD + bodyText(MESSAGE_BYTES - RAW_PREFIX.length - ID_LENGTH - SUFFIX_HEAD.length - 2) + "\r\n";

export function rawMessage(messageId: string): Buffer {
  return Buffer.from(RAW_PREFIX + messageId + RAW_SUFFIX, "latin1");
}
