import { describe, expect, it } from "vitest";
import { fieldErrorsFromZod } from "../platform/errors";
import { decodeBase64 } from "./base64";
import { normaliseMailbox } from "./mailbox";
import { makeSubmitMessageSchema } from "./submit-message";

const schema = makeSubmitMessageSchema({ maxRecipients: 3 });
const base = { from: "me@example.com", to: "you@dest.example" };

function fieldsOf(input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error("expected the input to be refused");
  return fieldErrorsFromZod(result.error);
}

describe("normaliseMailbox", () => {
  it.each([
    ["a@example.com", "a@example.com"],
    ["  First.Last+tag@Example.COM ", "First.Last+tag@example.com"],
    ['"john doe"@example.com', '"john doe"@example.com'],
    ["anna@bücher.example", "anna@xn--bcher-kva.example"],
  ])("accepts %s", (input, address) => {
    expect(normaliseMailbox(input)).toEqual({ address });
  });

  it.each(["", "plain", "@example.com", "a@", "a@@example.com", "a..b@example.com", ".a@example.com", "a@localhost", "a@[127.0.0.1]", "a b@example.com", "ü@example.com", `${"x".repeat(65)}@example.com`, "a@-x-.example"])(
    "refuses %j",
    (input) => {
      expect(normaliseMailbox(input)).toHaveProperty("problem");
    },
  );
});

describe("decodeBase64", () => {
  it("decodes padded, unpadded and line-wrapped base64", () => {
    expect(Buffer.from(decodeBase64("aGk=")!).toString()).toBe("hi");
    expect(Buffer.from(decodeBase64("aGk")!).toString()).toBe("hi");
    expect(Buffer.from(decodeBase64("aGVs\r\nbG8=")!).toString()).toBe("hello");
  });

  it.each(["a", "aGk=a", "aGk==", "a-_b", "!!!!", "aGk=aGk="])("refuses %j", (input) => {
    expect(decodeBase64(input)).toBeNull();
  });
});

describe("makeSubmitMessageSchema", () => {
  it("normalises every address form and builds the envelope recipients, Bcc included, once each", () => {
    const result = schema.parse({
      from: { name: "Me", address: "me@Example.com" },
      to: ['"Doe, J" <j@dest.example>', "k@dest.example"],
      cc: { address: "k@dest.example" },
      bcc: "Hidden <h@dest.example>",
    });
    expect(result.mode).toBe("compose");
    if (result.mode !== "compose") return;
    expect(result.from).toEqual({ name: "Me", address: "me@example.com" });
    expect(result.to).toEqual([{ name: "Doe, J", address: "j@dest.example" }, { address: "k@dest.example" }]);
    expect(result.bcc).toEqual([{ name: "Hidden", address: "h@dest.example" }]);
    expect(result.rcptTo).toEqual(["j@dest.example", "k@dest.example", "h@dest.example"]);
    expect(result).toMatchObject({ subject: "", headers: {}, attachments: [], replyTo: [] });
  });

  it("reports bad addresses at their position", () => {
    expect(Object.keys(fieldsOf({ from: "x", to: ["ok@dest.example", 7, { address: "nope" }], replyTo: "bad" })).sort()).toEqual([
      "from",
      "replyTo",
      "to.1",
      "to.2",
    ]);
    expect(Object.keys(fieldsOf({ ...base, to: [{ address: "a@dest.example", extra: 1 }] }))).toEqual(["to.0"]);
  });

  it("refuses line breaks in the subject, display names and headers", () => {
    expect(Object.keys(fieldsOf({ ...base, subject: "a\nb" }))).toEqual(["subject"]);
    expect(Object.keys(fieldsOf({ ...base, from: "Evil\r\nBcc: x@y.example <me@example.com>" }))).toEqual(["from"]);
    expect(Object.keys(fieldsOf({ ...base, to: { name: "a\rb", address: "you@dest.example" } }))).toEqual(["to"]);
    expect(Object.keys(fieldsOf({ ...base, headers: { "X-Ok": "fine", "X-Bad": "a\r\nBcc: x" } }))).toEqual(["headers.X-Bad"]);
  });

  it("refuses headers that would override the structure, and malformed header names", () => {
    const fields = fieldsOf({ ...base, headers: { "MIME-Version": "2.0", bcc: "x@y.example", "X OK": "v", "X-Fine": "v" } });
    expect(Object.keys(fields).sort()).toEqual(["headers.MIME-Version", "headers.X OK", "headers.bcc"]);
    expect(fields["headers.bcc"][0]).toMatch(/set by Outgate/);
  });

  it("needs one to the recipient limit", () => {
    expect(fieldsOf({ from: base.from }).to[0]).toMatch(/at least one recipient/);
    expect(fieldsOf({ ...base, cc: ["a@d.example", "b@d.example"], bcc: "c@d.example" }).to[0]).toMatch(/at most 3 recipients; this one has 4/);
    expect(fieldsOf({ raw: "aGk=", envelope: { from: base.from, to: [] } })["envelope.to"][0]).toMatch(/at least one/);
  });

  it("decodes attachments and reports bad ones by index", () => {
    const ok = schema.parse({ ...base, attachments: [{ filename: "a.txt", content: "aGk=", contentType: "text/plain" }] });
    if (ok.mode !== "compose") throw new Error("compose expected");
    expect(Buffer.from(ok.attachments[0].content).toString()).toBe("hi");
    const fields = fieldsOf({
      ...base,
      attachments: [{ filename: "a.txt", content: "aGk=" }, { filename: "", content: "***" }, { filename: "c", content: "aGk=", contentType: "pdf" }],
    });
    expect(Object.keys(fields).sort()).toEqual(["attachments.1.content", "attachments.1.filename", "attachments.2.contentType"]);
  });

  it("takes a MIME type of 127/127 characters and refuses a longer one (RFC 6838 §4.2), which no line could hold", () => {
    const attachment = (contentType: string) => ({ ...base, attachments: [{ filename: "a", content: "aGk=", contentType }] });
    expect(() => schema.parse(attachment(`${"a".repeat(127)}/${"b".repeat(127)}`))).not.toThrow();
    expect(fieldsOf(attachment(`application/${"x".repeat(128)}`))["attachments.0.contentType"][0]).toBe(
      'Give a MIME type such as "application/pdf" (type and subtype at most 127 characters each, RFC 6838 §4.2).',
    );
  });

  it("parses raw messages with an explicit envelope and refuses compose fields beside raw", () => {
    const raw = schema.parse({ raw: "RnJvbTogYUBiLmV4YW1wbGUNCg0KaGk=", envelope: { from: "a@b.example", to: ["c@d.example", "c@d.example"] } });
    expect(raw).toMatchObject({ mode: "raw", envelope: { from: "a@b.example" }, rcptTo: ["c@d.example"] });
    expect(Object.keys(fieldsOf({ raw: "@@", envelope: { from: "a@b.example", to: ["c@d.example"] } }))).toEqual(["raw"]);
    expect(Object.keys(fieldsOf({ raw: "aGk=" }))).toEqual(["envelope"]);
    expect(fieldsOf({ raw: "aGk=", envelope: { from: "a@b.example", to: ["c@d.example"] }, subject: "x" })._[0]).toMatch(/subject/);
  });

  it("refuses anything that is not an object", () => {
    for (const input of [null, 1, "text", [base]]) expect(fieldsOf(input)._).toBeDefined();
  });
});
