import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import libmime from "libmime";
import MailComposer from "nodemailer/lib/mail-composer";
import { describe, expect, it } from "vitest";
import { makeSubmitMessageSchema, type ComposedMessageValues } from "../validation/submit-message";
import { composeMessage } from "./compose-message";

const schema = makeSubmitMessageSchema({ maxRecipients: 1000 });
const DATE = new Date("2026-11-28T10:11:12Z");
const MESSAGE_ID = "3c9a1f2e-5d1b-4e8a-9f00-0123456789ab@sender.example";

function values(body: Record<string, unknown>): ComposedMessageValues {
  const parsed = schema.parse({ from: "Sender <sender@sender.example>", to: "rcpt@dest.example", ...body });
  if (parsed.mode !== "compose") throw new Error("expected a composed message");
  return parsed;
}

/** The same message through nodemailer's MailComposer: the reference for what a reader must see. */
async function composeWithNodemailer(message: ComposedMessageValues): Promise<Buffer> {
  return new MailComposer({
    from: message.from,
    to: message.to,
    cc: message.cc,
    replyTo: message.replyTo.length > 0 ? message.replyTo : undefined,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: message.headers,
    attachments: message.attachments.map((a) => ({ filename: a.filename, content: Buffer.from(a.content), contentType: a.contentType })),
    messageId: `<${MESSAGE_ID}>`,
    date: DATE,
  })
    .compile()
    .build();
}

const addresses = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((group) => group.value.map(({ name, address }) => ({ name, address })));

/** What a mail reader takes from a message. Text is compared without trailing line breaks, which readers ignore. */
function readerView(mail: ParsedMail, customHeaders: string[]) {
  return {
    from: addresses(mail.from),
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    replyTo: addresses(mail.replyTo),
    subject: mail.subject ?? "",
    messageId: mail.messageId,
    date: mail.date?.toISOString(),
    text: mail.text?.replace(/\n+$/, ""),
    html: typeof mail.html === "string" ? mail.html.replace(/\n+$/, "") : mail.html,
    attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content.toString("base64") })),
    headers: Object.fromEntries(customHeaders.map((name) => [name, mail.headers.get(name.toLowerCase())])),
  };
}

const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const CASES: [string, Record<string, unknown>][] = [
  ["plain ASCII text", { subject: "Hello", text: "Line one\nLine two\n" }],
  ["HTML only", { subject: "HTML", html: "<p>Hello <b>world</b></p>" }],
  ["text and HTML (alternative)", { text: "plain version", html: "<p>html version</p>" }],
  ["no body at all", { subject: "Empty" }],
  [
    "non-ASCII names, subject and body; specials in names",
    {
      from: { name: "Bénédicte, O'Neil", address: "sender@sender.example" },
      to: ['"Dr. \\"Who\\"" <who@dest.example>', "Müller <m@dest.example>", "plain@dest.example"],
      cc: [{ name: "Team <Ops>; =?x?=", address: "ops@dest.example" }],
      replyTo: "Réponse <reply@dest.example>",
      subject: "Grüße aus Köln — " + "lang ".repeat(30),
      text: "Grüße,\n\nzwei Leerzeichen am Ende  \n.Punkt am Zeilenanfang\nFrom here on\n" + "ä".repeat(200),
    },
  ],
  ["Cyrillic and CJK (mostly non-ASCII: base64)", { subject: "Привет, 世界", text: "Привет мир. ".repeat(40), html: "<p>你好，世界</p>".repeat(30) }],
  ["one long ASCII line without spaces", { text: "x".repeat(3000) + "\r\nend" }],
  ["LF line breaks, a NUL, equals signs and trailing blanks", { text: "a\nb \r\nd=e =\u0000 f\t\n", subject: "trailing blank " }],
  [
    "attachments: binary, non-ASCII long file name, explicit and detected types",
    {
      text: "see attached",
      attachments: [
        { filename: "every-byte.bin", content: everyByte.toString("base64"), contentType: "application/octet-stream" },
        { filename: "Résumé de la réunion trimestrielle — version définitive (corrigée).pdf", content: Buffer.from("%PDF-1.7").toString("base64") },
        { filename: "notes.txt", content: Buffer.from("attached text\n").toString("base64") },
      ],
    },
  ],
  [
    "custom headers, long and non-ASCII; many recipients",
    {
      to: Array.from({ length: 40 }, (_, i) => `Recipient Number ${i} <r${i}@dest.example>`),
      headers: { "X-Campaign": "spring sale 2027", "X-Long": "word ".repeat(150).trim(), "X-Unicode": "café crème — déjà vu", "List-Unsubscribe": "<mailto:u@sender.example>" },
      text: "hi",
    },
  ],
];

describe("composeMessage", () => {
  it.each(CASES)("a reader sees the same message as nodemailer's composer would give: %s", async (_, body) => {
    const message = values(body);
    const ours = composeMessage(message, { messageId: MESSAGE_ID, date: DATE });
    const reference = await composeWithNodemailer(message);
    const customHeaders = Object.keys(message.headers);
    const seen = readerView(await simpleParser(ours), customHeaders);
    expect(seen).toEqual(readerView(await simpleParser(reference), customHeaders));
    // And what was asked for, not only what the reference did.
    expect(seen.subject.trimEnd()).toBe(message.subject.trimEnd());
    expect(seen.from).toEqual([{ name: message.from.name ?? "", address: message.from.address }]);
    if (message.text !== undefined) expect(seen.text).toBe(message.text.replace(/\r\n|\r/g, "\n").replace(/\n+$/, ""));
  });

  it.each(CASES)("writes 7-bit lines of at most 78 characters ending in CRLF: %s", (_, body) => {
    const raw = composeMessage(values(body), { messageId: MESSAGE_ID, date: DATE }).toString("latin1");
    expect(raw).not.toMatch(/[^\x00-\x7f]/);
    expect(raw).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
    expect(raw.endsWith("\r\n")).toBe(true);
    const long = raw.split("\r\n").filter((line) => line.length > 78 && !line.startsWith("Message-ID:"));
    expect(long).toEqual([]);
  });

  it("reads a bare CR as a line break, as it reads a bare LF (nodemailer's composer drops it)", async () => {
    const parsed = await simpleParser(composeMessage(values({ text: "one\rtwo\nthree" }), { messageId: MESSAGE_ID, date: DATE }));
    expect(parsed.text?.trimEnd()).toBe("one\ntwo\nthree");
  });

  it("never writes Bcc recipients into the message", () => {
    const raw = composeMessage(values({ bcc: ["Hidden One <hidden@dest.example>"], text: "x" }), { messageId: MESSAGE_ID, date: DATE }).toString();
    expect(raw).not.toMatch(/hidden@dest\.example|^Bcc:/im);
  });

  it.each([
    ["a custom header of 998 characters without white space", { headers: { "X-Token": "T".repeat(998) } }, "x-token", "T".repeat(998)],
    ["a Subject of 998 characters without white space", { subject: "S".repeat(998) }, "subject", "S".repeat(998)],
    ["a long unbroken run after some words", { headers: { "X-Trace": `id ${"0123456789".repeat(99)}` } }, "x-trace", `id ${"0123456789".repeat(99)}`],
    ["a long non-ASCII value", { headers: { "X-Note": "é".repeat(998) } }, "x-note", "é".repeat(998)],
  ])("never writes a line over 998 octets (RFC 5322 §2.1.1), and the value reads back the same: %s", async (_name, body, header, value) => {
    const raw = composeMessage(values({ text: "x", ...body }), { messageId: MESSAGE_ID, date: DATE });
    const lengths = raw.toString("latin1").split("\r\n").map((line) => line.length);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(998);
    const parsed = await simpleParser(raw);
    // mailparser leaves unknown fields as written; libmime decodes their encoded-words as any reader would.
    expect(header === "subject" ? parsed.subject : libmime.decodeWords(String(parsed.headers.get(header)))).toBe(value);
  });

  it("never writes a line over 998 octets with every field at its limit", () => {
    const long = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(0x61 + (i % 26))).join("");
    const message = values({
      from: { name: "N".repeat(200), address: `${"l".repeat(64)}@${"d".repeat(60)}.example` },
      to: Array.from({ length: 40 }, (_, i) => ({ name: `${"Ü".repeat(150)} ${i}`, address: `${"r".repeat(60)}${i}@dest.example` })),
      replyTo: { name: '"quoted, \\ name"'.repeat(10), address: "reply@sender.example" },
      subject: long(998),
      text: long(5000),
      html: `<p>${long(5000)}</p>`,
      headers: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`X-Custom-Header-${i}-${"h".repeat(50)}`, long(998)])),
      attachments: [{ filename: `${"ß".repeat(200)}.${"x".repeat(54)}`, content: Buffer.alloc(3000, 7).toString("base64"), contentType: `${"a".repeat(127)}/${"b".repeat(127)}` }],
    });
    const raw = composeMessage(message, { messageId: MESSAGE_ID, date: DATE }).toString("latin1");
    expect(Math.max(...raw.split("\r\n").map((line) => line.length))).toBeLessThanOrEqual(998);
  });

  it("keeps a short ASCII custom header as it is", () => {
    const raw = composeMessage(values({ text: "x", headers: { "X-Token": "T".repeat(900) } }), { messageId: MESSAGE_ID, date: DATE }).toString();
    expect(raw).toContain(`\r\nX-Token:\r\n ${"T".repeat(900)}\r\n`);
  });

  it("gives every message its own boundaries", () => {
    const message = values({ text: "a", html: "<p>a</p>" });
    const boundary = (raw: Buffer) => /boundary="([^"]+)"/.exec(raw.toString())?.[1];
    const first = boundary(composeMessage(message, { messageId: MESSAGE_ID }));
    expect(first).toBeTruthy();
    expect(boundary(composeMessage(message, { messageId: MESSAGE_ID }))).not.toBe(first);
  });

  it("writes the trace lines it is given above every other field, as they are", () => {
    const trace = "Received: by mx.outgate.example (Outgate) with HTTP;\r\n\tSat, 28 Nov 2026 10:11:12 +0000\r\n";
    const raw = composeMessage(values({ text: "x" }), { messageId: MESSAGE_ID, date: DATE, trace }).toString();
    expect(raw.startsWith(`${trace}From: Sender <sender@sender.example>\r\n`)).toBe(true);
  });
});
