import { describe, expect, it } from "vitest";
import { MessageStatus } from "../generated/prisma/enums";
import { MESSAGE_FILTER_STATUSES, isEmptyMessageFilter, messageFilterSchema, readMessageSource, toMessageFilterSearchParams, toMessageSource } from "./message-filter";

const fieldErrors = (input: unknown) => {
  const parsed = messageFilterSchema.safeParse(input);
  if (parsed.success) throw new Error("expected a refusal");
  return Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join("."), issue.message]));
};

describe("messageFilterSchema", () => {
  it("lists every Prisma message status", () => {
    expect([...MESSAGE_FILTER_STATUSES].sort()).toEqual(Object.values(MessageStatus).sort());
  });

  it("reads URL search params: blanks are absent, repeated params take the first, status in any case", () => {
    const filter = messageFilterSchema.parse({ sender: " Alice@Example.COM ", recipient: "", subject: ["invoice", "x"], status: "queued", messageIdMatch: "" });
    expect(filter).toEqual({ sender: "alice@example.com", subject: "invoice", status: "QUEUED" });
    expect(isEmptyMessageFilter(messageFilterSchema.parse({}))).toBe(true);
    expect(isEmptyMessageFilter(filter)).toBe(false);
  });

  it("strips angle brackets from a Message-ID and keeps its case", () => {
    expect(messageFilterSchema.parse({ messageId: "<AbC.1@host>", messageIdMatch: "prefix" })).toEqual({ messageId: "AbC.1@host", messageIdMatch: "prefix" });
  });

  it("normalises the sender domain to lower-case ASCII", () => {
    expect(messageFilterSchema.parse({ senderDomain: "@Bücher.Example" }).senderDomain).toBe("xn--bcher-kva.example");
  });

  it("reads dates as UTC; a bare To date includes that whole day", () => {
    const filter = messageFilterSchema.parse({ from: "2026-12-01T09:30", to: "2026-12-01" });
    expect(filter.from?.toISOString()).toBe("2026-12-01T09:30:00.000Z");
    expect(filter.to?.toISOString()).toBe("2026-12-02T00:00:00.000Z");
    expect(messageFilterSchema.parse({ from: "2026-12-01T09:30:00+02:00" }).from?.toISOString()).toBe("2026-12-01T07:30:00.000Z");
  });

  it("answers each bad field with its own message", () => {
    expect(fieldErrors({ recipient: "ab", subject: "x", status: "lost", gatewayId: "1; DROP TABLE messages", apiKeyId: "nope", senderDomain: "a b", from: "yesterday" })).toEqual({
      recipient: "Type at least 3 characters to search the recipient.",
      subject: "Type at least 3 characters to search the subject.",
      status: "Choose a status from the list.",
      gatewayId: "Choose a gateway from the list.",
      apiKeyId: "Choose an API key from the list.",
      senderDomain: "Enter a domain name such as example.com.",
      from: "From must look like 2026-12-01 or 2026-12-01T09:30.",
    });
    expect(fieldErrors({ sender: "ab", submittedVia: "fax", smtpCredentialId: "relay" })).toEqual({
      sender: "Type at least 3 characters to search the sender, or <> for bounces.",
      submittedVia: "Choose a source from the list.",
      smtpCredentialId: "Choose an SMTP credential from the list.",
    });
    expect(fieldErrors({ from: "2026-12-02", to: "2026-12-01" })).toEqual({ to: "To must be after From." });
    expect(fieldErrors({ sender: "a\r\nb@example.com" })).toEqual({ sender: "Sender cannot contain line breaks." });
    expect(fieldErrors({ from: "2026-13-45" })).toEqual({ from: "From is not a valid date." });
  });

  it("round-trips through URL search params", () => {
    const filter = messageFilterSchema.parse({
      sender: "a@example.com",
      recipient: "bob",
      subject: "Invoice 7",
      messageId: "abc",
      messageIdMatch: "prefix",
      status: "FAILED",
      gatewayId: "0b5f4a8e-6f0e-4a8e-9d7e-0e8f7c6b5a41",
      senderDomain: "example.com",
      apiKeyId: "1b5f4a8e-6f0e-4a8e-9d7e-0e8f7c6b5a42",
      smtpCredentialId: "2b5f4a8e-6f0e-4a8e-9d7e-0e8f7c6b5a43",
      submittedVia: "smtp",
      from: "2026-11-01",
      to: "2026-11-30",
    });
    const params = toMessageFilterSearchParams(filter);
    expect(params.get("status")).toBe("failed");
    expect(messageFilterSchema.parse(Object.fromEntries(params))).toEqual(filter);
    expect(toMessageFilterSearchParams(messageFilterSchema.parse({ messageId: "x", messageIdMatch: "exact" })).toString()).toBe("messageId=x");
  });

  it("reads the filter bar's one Source choice into its field, and back", () => {
    const key = "1b5f4a8e-6f0e-4a8e-9d7e-0e8f7c6b5a42";
    const credential = "2b5f4a8e-6f0e-4a8e-9d7e-0e8f7c6b5a43";
    expect(readMessageSource("via:smtp")).toEqual({ submittedVia: "smtp" });
    expect(readMessageSource("via:api")).toEqual({ submittedVia: "api" });
    expect(readMessageSource(`key:${key}`)).toEqual({ apiKeyId: key });
    expect(readMessageSource(`credential:${credential}`)).toEqual({ smtpCredentialId: credential });
    expect(readMessageSource("")).toEqual({});
    // Anything else lands in a field that refuses it, so the form shows an error rather than ignoring it.
    expect(fieldErrors(readMessageSource("pigeon"))).toEqual({ submittedVia: "Choose a source from the list." });
    expect(fieldErrors(readMessageSource("key:nope"))).toEqual({ apiKeyId: "Choose an API key from the list." });
    for (const source of ["via:smtp", "via:api", `key:${key}`, `credential:${credential}`]) {
      expect(toMessageSource(messageFilterSchema.parse(readMessageSource(source)))).toBe(source);
    }
    expect(toMessageSource(messageFilterSchema.parse({}))).toBe("");
  });
});
