import { expect } from "vitest";
import { isUuid } from "@/lib/validation/uuid";
import type { Framing, SubmissionPath, WireAnswer, WireRequest } from "./submission-adapters";

/**
 * Every error rule of the two submission endpoints, and their successes, as one table that
 * test/http/submission-endpoints.test.ts runs through both adapters. The body limits come from
 * OUTGATE_MAX_MESSAGE_BYTES = MAX_MESSAGE_BYTES (set by that test): the single endpoint reads at most
 * 4/3 of it + 256 KiB of JSON, the batch endpoint 4/3 of it + 1 MiB (lib/http/submission-endpoints.ts).
 */
export const MAX_MESSAGE_BYTES = 30_000;
/** Comfortably past each endpoint's read limit (302,144 and 1,088,576 bytes with MAX_MESSAGE_BYTES). */
const OVER_READ_LIMIT: Record<SubmissionPath, number> = { "/api/v1/messages": 400_000, "/api/v1/messages/batch": 1_300_000 };

/** What each case starts from: two hosted domains, a key for every domain and a key for other.example only. */
export type Fixture = { authorization: string; otherOnlyAuthorization: string; revokeKey(): Promise<void> };

export type Expected = { status: number; body: unknown; headers?: Record<string, unknown>; stored: number };

export type SubmissionCase = {
  name: string;
  /** Run first, through the same adapter; their answers are handed to `expected`. */
  before?: (fixture: Fixture) => Promise<WireRequest[]> | WireRequest[];
  request: (fixture: Fixture) => WireRequest;
  expected: Expected | ((earlier: WireAnswer[]) => Expected);
  /** Set when one adapter cannot carry the request at all, with the reason. */
  onlyNext?: string;
};

const SINGLE: SubmissionPath = "/api/v1/messages";
const BATCH: SubmissionPath = "/api/v1/messages/batch";
const JSON_TYPE = { "content-type": "application/json" };
const BEARER_CHALLENGE = { "www-authenticate": 'Bearer realm="outgate"' };
/** Outgate's id of a queued message, as PostgreSQL writes a uuid: lowercase. */
const OUTGATE_ID = expect.toSatisfy((id: unknown) => typeof id === "string" && isUuid(id) && id === id.toLowerCase(), "a lowercase UUID");

const simple = { from: "Sender <sender@example.com>", to: "rcpt@dest.example", subject: "Hello", text: "Hi there" };

function post(path: SubmissionPath, authorization: string | undefined, body: unknown, { headers = {}, framing = "length" as Framing } = {}): WireRequest {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  return { path, headers: { ...JSON_TYPE, ...(authorization ? { authorization } : {}), ...headers }, body: bytes, framing };
}

/**
 * A valid request padded with JSON whitespace to `size` bytes: past the read limit it must be refused by its
 * size, and if the size were not checked it would be accepted (the padding never reaches the message).
 */
function paddedToSize(value: unknown, size: number): Buffer {
  const json = JSON.stringify(value);
  return Buffer.from(json + " ".repeat(size - Buffer.byteLength(json)));
}

/** A raw-mode body for `text`, sent by sender@example.com to rcpt@dest.example. */
function rawMessage(text: string) {
  return { raw: Buffer.from(text, "latin1").toString("base64"), envelope: { from: "sender@example.com", to: ["rcpt@dest.example"] } };
}

function error(code: string, message: unknown = expect.any(String), fields?: unknown) {
  return { error: { code, message, ...(fields ? { fields } : {}) } };
}

const unauthorized = (message: string): Expected => ({ status: 401, body: error("unauthorized", message), headers: BEARER_CHALLENGE, stored: 0 });
const bodyTooLarge: Expected = { status: 413, body: error("payload_too_large", expect.stringMatching(/^The request body is larger than \d+ bytes\.$/)), stored: 0 };
const queued = (recipients: string[]) => ({ id: OUTGATE_ID, messageId: expect.stringMatching(/^[^@\s]+@example\.com$/), status: "queued", recipients });

/** A raw message sent by me@other.example (the other.example-only key's domain) with these extra header lines. */
function rawFromOther(extra: string, { from = "me@other.example" } = {}) {
  const text = `From: ${from}\r\n${extra}Date: Mon, 30 Nov 2026 17:49:16 +0000\r\nMessage-ID: <m1@other.example>\r\n\r\nbody\r\n`;
  return { raw: Buffer.from(text, "utf8").toString("base64"), envelope: { from: "me@other.example", to: ["rcpt@dest.example"] } };
}

const queuedFromOther = { id: OUTGATE_ID, messageId: "m1@other.example", status: "queued", recipients: ["rcpt@dest.example"] };
const accepted: Expected = { status: 202, body: queuedFromOther, headers: { location: expect.stringMatching(/^\/api\/v1\/messages\//) }, stored: 1 };
const outOfScope = (what: string): Expected => ({ status: 403, body: error("forbidden", `This API key may not send for example.com: ${what}.`), stored: 0 });
const refusedField = (name: string): Expected => {
  const message = expect.stringMatching(new RegExp(`^raw: a client may not send a ${name} header field: .*\\(RFC \\d+ §`));
  return { status: 422, body: error("unprocessable", message, { raw: [message] }), stored: 0 };
};

function SENDER_SCOPE_CASES(): SubmissionCase[] {
  const scoped = (name: string, extra: string, expected: Expected, options?: { from?: string }): SubmissionCase => ({
    name: `sender scope: ${name}`,
    request: (fixture) => post(SINGLE, fixture.otherOnlyAuthorization, rawFromOther(extra, options)),
    expected,
  });
  return [
    scoped("403 for Resent-From outside the key's domains", "Resent-From: ceo@example.com\r\n", outOfScope("the Resent-From header field names ceo@example.com")),
    scoped("403 for Resent-From in another case, folded, with a display name", "RESENT-FROM: \"Me\r\n <me@other.example>\" <ceo@example.com>\r\n", outOfScope("the Resent-From header field names ceo@example.com")),
    scoped("403 for Resent-From with an encoded-word display name", "Resent-From: =?utf-8?q?me=40other.example?= <ceo@EXAMPLE.com>\r\n", outOfScope("the Resent-From header field names ceo@EXAMPLE.com")),
    scoped("403 for an address inside a group in Resent-From", "Resent-From: Board: me@other.example, ceo@example.com;\r\n", outOfScope("the Resent-From header field names ceo@example.com")),
    scoped("403 for a second Resent-From field", "Resent-From: me@other.example\r\nResent-Date: Mon, 30 Nov 2026 17:49:16 +0000\r\nResent-From: ceo@example.com\r\n", outOfScope("the Resent-From header field names ceo@example.com")),
    scoped("403 for Resent-Sender outside the key's domains", "Resent-Sender: ceo@example.com\r\n", outOfScope("the Resent-Sender header field names ceo@example.com")),
    scoped("403 for Sender outside the key's domains", "Sender: ceo@example.com\r\n", outOfScope("the Sender header field names ceo@example.com")),
    scoped("403 for From outside the key's domains under an in-scope MAIL FROM", "", outOfScope("the From header field names ceo@example.com"), { from: "ceo@example.com" }),
    scoped("403 for the second of several From mailboxes", "Sender: me@other.example\r\n", outOfScope("the From header field names ceo@example.com"), { from: "me@other.example, ceo@example.com" }),
    scoped("403 for a display name that looks in scope around an address that is not", "", outOfScope("the From header field names ceo@example.com"), { from: '"me@other.example" <ceo@example.com>' }),
    scoped("202 for an out-of-scope address in the display name only", "", accepted, { from: '"ceo@example.com" <me@other.example>' }),
    scoped("202 for an in-scope From in upper case", "Sender: Me <ME@OTHER.EXAMPLE>\r\n", accepted, { from: "Me <me@Other.Example>" }),
    scoped("202 for Reply-To anywhere (it is where answers go, not who sent)", "Reply-To: desk@help.example, ceo@example.com\r\n", accepted),
    scoped("202 for a DKIM-Signature by the key's own domain", "DKIM-Signature: v=1; a=rsa-sha256; d=Other.Example; s=s1;\r\n h=from; bh=x; b=y\r\n", accepted),
    scoped("403 for a DKIM-Signature by another domain", "DKIM-Signature: v=1; a=rsa-sha256; s=s1; h=from;\r\n d = example.com ; bh=x; b=y\r\n", outOfScope("the DKIM-Signature header field is signed by d=example.com")),
    scoped("403 for a DKIM-Signature without a d= tag", "DKIM-Signature: v=1; a=rsa-sha256; s=s1; bh=x; b=y\r\n", { status: 403, body: error("forbidden", "This API key may not send for an unknown domain: the DKIM-Signature header field has no d= tag."), stored: 0 }),
    scoped("422 for a Resent-From that is not a list of mailboxes", "Resent-From: =?utf-8?q?ceo=40example.com?=\r\n", {
      status: 422,
      body: error("unprocessable", 'raw: the Resent-From header field is not a list of mailboxes (RFC 5322 §3.6.6): "=?utf-8?q?ceo=40example.com?="', { raw: [expect.any(String)] }),
      stored: 0,
    }),
    ...["Received", "received", "Return-Path", "Authentication-Results", "ARC-Seal", "ARC-Message-Signature", "arc-authentication-results"].map((name) =>
      scoped(`422 for a client's ${name} field`, `${name}: from x by y;\r\n Mon, 30 Nov 2026 17:49:16 +0000\r\n`, refusedField(name.replace(/^received$/, "Received").replace(/^arc-authentication-results$/, "ARC-Authentication-Results"))),
    ),
    {
      name: "sender scope: 422 for Resent-From at a domain not hosted here, with a key for every domain",
      request: (fixture) => post(SINGLE, fixture.authorization, { ...rawFromOther("Resent-From: ceo@unhosted.example\r\n") }),
      expected: {
        status: 422,
        body: error("unprocessable", "The Resent-From header field names ceo@unhosted.example, whose domain unhosted.example is not hosted here; add it on the Domains page first.", { raw: [expect.any(String)] }),
        stored: 0,
      },
    },
    {
      name: "sender scope: 202 for Resent-From at another hosted domain, with a key for every domain",
      request: (fixture) => post(SINGLE, fixture.authorization, rawFromOther("Resent-From: ceo@example.com\r\n")),
      expected: accepted,
    },
    ...["Resent-From", "resent-bcc", "Sender", "Received", "Authentication-Results", "ARC-Seal", "DKIM-Signature", "Return-Path"].map((name): SubmissionCase => ({
      name: `sender scope: compose refuses a custom ${name} header`,
      request: (fixture) => post(SINGLE, fixture.authorization, { ...simple, headers: { [name]: "ceo@example.com" } }),
      expected: { status: 422, body: error("validation_failed", "Some fields are invalid.", { [`headers.${name}`]: [expect.any(String)] }), stored: 0 },
    })),
    {
      name: "sender scope: batch answers an out-of-scope raw item with its own 403 beside an accepted one",
      request: (fixture) =>
        post(BATCH, fixture.otherOnlyAuthorization, { messages: [{ ...simple, from: "me@other.example" }, rawFromOther("Resent-From: ceo@example.com\r\n")] }),
      expected: {
        status: 207,
        body: {
          accepted: 1,
          rejected: 1,
          results: [
            { ok: true, message: { ...queuedFromOther, messageId: expect.stringMatching(/@other\.example$/) } },
            { ok: false, status: 403, ...error("forbidden", "This API key may not send for example.com: the Resent-From header field names ceo@example.com.") },
          ],
        },
        stored: 1,
      },
    },
  ];
}

export const SUBMISSION_CASES: SubmissionCase[] = [
  { name: "401 without an Authorization header", request: () => post(SINGLE, undefined, simple), expected: unauthorized("Send your API key as 'Authorization: Bearer og_...'.") },
  { name: "401 for another scheme", request: () => post(SINGLE, "Basic b2c6eA==", simple), expected: unauthorized("Send your API key as 'Authorization: Bearer og_...'.") },
  { name: "401 for a token that is not an API key", request: () => post(SINGLE, "Bearer nope", simple), expected: unauthorized("The API key is not valid.") },
  { name: "401 for an unknown well-formed key", request: () => post(SINGLE, `Bearer og_${"A".repeat(43)}`, simple), expected: unauthorized("The API key is not valid.") },
  {
    name: "401 for a revoked key",
    before: async (fixture) => (await fixture.revokeKey(), []),
    request: (fixture) => post(SINGLE, fixture.authorization, simple),
    expected: unauthorized("This API key has been revoked."),
  },
  { name: "batch: 401 for a bad key", request: () => post(BATCH, "Bearer nope", { messages: [simple] }), expected: unauthorized("The API key is not valid.") },

  ...[SINGLE, BATCH].map((path): SubmissionCase => ({
    name: `${path}: 415 for a body that is not JSON`,
    request: (fixture) => post(path, fixture.authorization, "from=a", { headers: { "content-type": "application/x-www-form-urlencoded" } }),
    expected: { status: 415, body: error("unsupported_media_type", "Send the message as JSON with 'Content-Type: application/json'."), stored: 0 },
  })),
  { name: "400 for an empty body", request: (fixture) => post(SINGLE, fixture.authorization, ""), expected: { status: 400, body: error("bad_request", "The request body is empty."), stored: 0 } },
  {
    name: "400 for invalid UTF-8",
    request: (fixture) => post(SINGLE, fixture.authorization, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
    expected: { status: 400, body: error("bad_request", "The request body is not valid UTF-8."), stored: 0 },
  },
  ...[SINGLE, BATCH].map((path): SubmissionCase => ({
    name: `${path}: 400 for invalid JSON`,
    request: (fixture) => post(path, fixture.authorization, "{not json"),
    expected: { status: 400, body: error("bad_request", expect.stringMatching(/^The request body is not valid JSON: /)), stored: 0 },
  })),

  ...[SINGLE, BATCH].flatMap((path): SubmissionCase[] => {
    const valid = path === SINGLE ? simple : { messages: [simple] };
    return [
      {
        name: `${path}: 413 by a declared Content-Length over the limit, before the body arrives`,
        request: (fixture) => post(path, fixture.authorization, valid, { framing: { declared: 10_000_000 } }),
        expected: bodyTooLarge,
      },
      {
        name: `${path}: 413 by the bytes actually sent, chunked without a Content-Length`,
        request: (fixture) => post(path, fixture.authorization, paddedToSize(valid, OVER_READ_LIMIT[path]), { framing: "chunked" }),
        expected: bodyTooLarge,
      },
    ];
  }),
  {
    name: "413 by the bytes actually sent, under a Content-Length that claims fewer",
    onlyNext: "Node's HTTP parser reads exactly Content-Length bytes as the body: the rest can never reach the endpoint.",
    request: (fixture) => post(SINGLE, fixture.authorization, paddedToSize(simple, OVER_READ_LIMIT[SINGLE]), { framing: { declared: 100 } }),
    expected: bodyTooLarge,
  },
  {
    name: "413 for a message that is over OUTGATE_MAX_MESSAGE_BYTES once composed",
    request: (fixture) => post(SINGLE, fixture.authorization, { ...simple, attachments: [{ filename: "big.bin", content: Buffer.alloc(MAX_MESSAGE_BYTES).toString("base64") }] }),
    expected: { status: 413, body: error("payload_too_large", expect.stringMatching(/^The message is \d+ bytes as Outgate would relay it \(CRLF line endings, with its trace and header fields\); the limit is 30000\.$/)), stored: 0 },
  },

  {
    name: "422 with the fields in error",
    request: (fixture) => post(SINGLE, fixture.authorization, { from: "not-an-address", to: ["ok@dest.example", "bad@@dest.example"], cc: [{ address: "x@-bad-.example" }], subject: "s" }),
    expected: { status: 422, body: error("validation_failed", "Some fields are invalid.", { from: [expect.any(String)], "to.1": [expect.any(String)], "cc.0": [expect.any(String)] }), stored: 0 },
  },
  ...["[1,2]", "42", "null"].map((json): SubmissionCase => ({
    name: `422 for JSON that is not an object: ${json}`,
    request: (fixture) => post(SINGLE, fixture.authorization, json),
    expected: { status: 422, body: error("validation_failed", "Some fields are invalid.", expect.any(Object)), stored: 0 },
  })),
  {
    name: "422 for a sender domain not hosted here (never an open relay)",
    request: (fixture) => post(SINGLE, fixture.authorization, { ...simple, from: "someone@gmail.example" }),
    expected: { status: 422, body: error("unprocessable", expect.stringMatching(/not hosted here/), { from: [expect.stringMatching(/not hosted here/)] }), stored: 0 },
  },
  {
    name: "403 when the key may not send for the sender domain",
    request: (fixture) => post(SINGLE, fixture.otherOnlyAuthorization, simple),
    expected: { status: 403, body: error("forbidden", "This API key may not send for example.com."), stored: 0 },
  },
  {
    name: "400 for an Idempotency-Key over 200 characters",
    request: (fixture) => post(SINGLE, fixture.authorization, simple, { headers: { "idempotency-key": "k".repeat(201) } }),
    expected: { status: 400, body: error("bad_request", expect.stringMatching(/1 to 200 printable ASCII characters/)), stored: 0 },
  },

  // Issue 11, kind 4: what cannot go on the wire as it is, and cannot be repaired without changing it, is refused at
  // submission with the line and the rule (test/http/wire-validity.test.ts checks what is stored for the rest).
  ...[
    ["a bare CR around a lone dot (SMTP smuggling)", "line5\r.\rline6\r\n", "raw: line 4 contains a bare CR (a carriage return not followed by a line feed); RFC 5322 §2.3 allows CR only in CRLF. Use CRLF line ends and encode such content (quoted-printable or base64)."],
    ["a line of 999 octets", `${"x".repeat(999)}\r\n`, "raw: line 4 is 999 octets long; RFC 5322 §2.1.1 allows at most 998 before CRLF. Encode long lines (quoted-printable or base64) or fold long header fields."],
    ["a NUL octet", "a\0b\r\n", "raw: line 4 contains a NUL octet; RFC 5322 §3.5 and RFC 2045 §2.8 allow none (send such content base64-encoded)."],
  ].map(([what, body, message]): SubmissionCase => ({
    name: `422 for a raw message with ${what}`,
    request: (fixture) => post(SINGLE, fixture.authorization, rawMessage(`From: sender@example.com\r\nDate: Mon, 30 Nov 2026 17:49:16 +0000\r\n\r\n${body}`)),
    expected: { status: 422, body: error("unprocessable", message, { raw: [message] }), stored: 0 },
  })),
  {
    name: "422 for a raw message without a From header field",
    request: (fixture) => post(SINGLE, fixture.authorization, rawMessage("Subject: anonymous\r\n\r\nbody\r\n")),
    expected: {
      status: 422,
      body: error("unprocessable", "raw has no From header field; RFC 5322 §3.6 requires one (the author's mailbox).", { raw: ["raw has no From header field; RFC 5322 §3.6 requires one (the author's mailbox)."] }),
      stored: 0,
    },
  },
  {
    name: "batch: 207 with the raw message's own 422 beside an accepted one",
    request: (fixture) => post(BATCH, fixture.authorization, { messages: [simple, rawMessage("From: sender@example.com\r\n\r\nline5\n.\rline6\r\n")] }),
    expected: {
      status: 207,
      body: { accepted: 1, rejected: 1, results: [{ ok: true, message: queued(["rcpt@dest.example"]) }, { ok: false, status: 422, ...error("unprocessable", expect.stringMatching(/^raw: line 4 contains a bare CR/), { raw: [expect.any(String)] }) }] },
      stored: 1,
    },
  },
  {
    name: "202 for a custom header of 998 characters (written as encoded-words, never a 999-octet line)",
    request: (fixture) => post(SINGLE, fixture.authorization, { ...simple, headers: { "X-Token": "T".repeat(998) } }),
    expected: { status: 202, body: queued(["rcpt@dest.example"]), headers: { location: expect.stringMatching(/^\/api\/v1\/messages\/[0-9a-f-]{36}$/) }, stored: 1 },
  },

  // Issue 12, kind 6: a list longer than the limit is refused by its length, before any item is parsed
  // (lib/validation/bounded-work.test.ts counts the items read); repeating one address does not get it through.
  {
    name: "422 for an envelope listing more addresses than the recipient limit, the same one 15,000 times",
    request: (fixture) => post(SINGLE, fixture.authorization, { ...rawMessage("From: sender@example.com\r\n\r\nx\r\n"), envelope: { from: "sender@example.com", to: Array(15_000).fill("r@dest.example") } }),
    expected: { status: 422, body: error("validation_failed", "Some fields are invalid.", { "envelope.to": ["A message may have at most 100 recipients; envelope.to lists 15000."] }), stored: 0 },
  },
  {
    name: "batch: 207 with a 422 for the item with 51 custom headers, checked before they are read",
    request: (fixture) => post(BATCH, fixture.authorization, { messages: [{ ...simple, headers: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`X-H${i}`, "v"])) }] }),
    expected: {
      status: 207,
      body: { accepted: 0, rejected: 1, results: [{ ok: false, status: 422, ...error("validation_failed", "Some fields are invalid.", { headers: ["Give at most 50 custom headers."] }) }] },
      stored: 0,
    },
  },

  // Issue 12, kind 3: a key's domain scope covers every sender identity in the message, not only MAIL FROM; trace and
  // authentication fields are never taken from a client (lib/validation/header-policy.ts).
  ...SENDER_SCOPE_CASES(),

  {
    name: "202 with the message and its Location",
    request: (fixture) => post(SINGLE, fixture.authorization, simple),
    expected: { status: 202, body: queued(["rcpt@dest.example"]), headers: { location: expect.stringMatching(/^\/api\/v1\/messages\/[0-9a-f-]{36}$/) }, stored: 1 },
  },
  {
    name: "202 again with the first answer for a repeated Idempotency-Key, storing one message",
    before: (fixture) => [post(SINGLE, fixture.authorization, simple, { headers: { "idempotency-key": "order-42" } })],
    request: (fixture) => post(SINGLE, fixture.authorization, simple, { headers: { "idempotency-key": "order-42" } }),
    expected: ([first]) => ({ status: 202, body: first.body, headers: { location: first.headers.location }, stored: 1 }),
  },
  {
    name: "409 for an Idempotency-Key reused with another body",
    before: (fixture) => [post(SINGLE, fixture.authorization, simple, { headers: { "idempotency-key": "order-42" } })],
    request: (fixture) => post(SINGLE, fixture.authorization, { ...simple, subject: "Changed" }, { headers: { "idempotency-key": "order-42" } }),
    expected: { status: 409, body: error("conflict", "This Idempotency-Key was already used for a different request body."), stored: 1 },
  },
  {
    name: "batch: 202 when every message is committed",
    request: (fixture) => post(BATCH, fixture.authorization, { messages: [simple, { ...simple, to: "two@dest.example" }] }),
    expected: {
      status: 202,
      body: { accepted: 2, rejected: 0, results: [{ ok: true, message: queued(["rcpt@dest.example"]) }, { ok: true, message: queued(["two@dest.example"]) }] },
      stored: 2,
    },
  },
  {
    name: "batch: 207 when some messages are refused, each with its own status",
    request: (fixture) => post(BATCH, fixture.authorization, { messages: [simple, { ...simple, from: "a@unhosted.example" }] }),
    expected: {
      status: 207,
      body: { accepted: 1, rejected: 1, results: [{ ok: true, message: queued(["rcpt@dest.example"]) }, { ok: false, status: 422, ...error("unprocessable", expect.any(String), { from: [expect.any(String)] }) }] },
      stored: 1,
    },
  },
];
