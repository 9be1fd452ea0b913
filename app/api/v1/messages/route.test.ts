import { simpleParser } from "mailparser";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { disconnectDb, getDb } from "@/lib/platform/db";
import { createHostedDomains, createTestApiKey } from "@/test/api-fixtures";
import { resetDatabase } from "@/test/db";
import { GET } from "./[id]/route";
import { POST } from "./route";

// A small limit so the recipient test stays small; lib/platform/env.ts reads it on first use in this file's module graph.
// Every error rule of the endpoint, through both adapters, is in test/http/submission-cases.ts.
vi.stubEnv("OUTGATE_MAX_RECIPIENTS", "5");
// Outgate's own name (lib/platform/host-name.ts), fixed so generated Message-IDs do not depend on the test machine's.
vi.stubEnv("OUTGATE_EHLO_NAME", "mx.outgate.test");

const URL_BASE = "http://localhost/api/v1/messages";

function post(body: unknown, { authorization, headers = {} }: { authorization?: string; headers?: Record<string, string> } = {}) {
  const init: RequestInit = {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}), ...headers },
    body: typeof body === "string" || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
  };
  return POST(new Request(URL_BASE, init));
}

function get(id: string, authorization: string) {
  return GET(new Request(`${URL_BASE}/${id}`, { headers: { authorization } }), { params: Promise.resolve({ id }) });
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string; fields?: Record<string, string[]> } }).error;
}

const simple = { from: "Sender <sender@example.com>", to: "rcpt@dest.example", subject: "Hello", text: "Hi there" };

describe("POST /api/v1/messages", () => {
  let key: Awaited<ReturnType<typeof createTestApiKey>>;

  beforeEach(async () => {
    await resetDatabase();
    await createHostedDomains("example.com", "other.example", "xn--bcher-kva.example");
    key = await createTestApiKey();
  });

  describe("authentication", () => {
    it("records lastUsedAt once", async () => {
      await post(simple, { authorization: key.authorization });
      const first = await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id }, select: { lastUsedAt: true } });
      expect(first.lastUsedAt).toBeInstanceOf(Date);
      await post(simple, { authorization: key.authorization });
      const second = await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id }, select: { lastUsedAt: true } });
      expect(second.lastUsedAt).toEqual(first.lastUsedAt);
    });
  });

  describe("validation", () => {
    it("refuses CR/LF in the subject, names and custom headers, and structural headers", async () => {
      const response = await post(
        {
          ...simple,
          subject: "Hi\r\nBcc: victim@evil.example",
          from: { name: "Evil\nName", address: "sender@example.com" },
          headers: { "X-Tag": "a\r\nb", "Content-Type": "text/html", "Bad:Name": "v" },
        },
        { authorization: key.authorization },
      );
      expect(response.status).toBe(422);
      expect(Object.keys((await errorOf(response)).fields ?? {}).sort()).toEqual(["from", "headers.Bad:Name", "headers.Content-Type", "headers.X-Tag", "subject"]);
    });

    it("needs at least one recipient and at most OUTGATE_MAX_RECIPIENTS", async () => {
      const none = await errorOf(await post({ ...simple, to: [] }, { authorization: key.authorization }));
      expect(none.fields?.to?.[0]).toMatch(/at least one recipient/);
      const six = Array.from({ length: 6 }, (_, i) => `r${i}@dest.example`);
      const many = await errorOf(await post({ ...simple, to: six.slice(0, 3), bcc: six.slice(3) }, { authorization: key.authorization }));
      expect(many.fields?.to?.[0]).toMatch(/at most 5 recipients/);
    });

    it("reports malformed base64 in attachments and raw as field errors", async () => {
      const attachments = await errorOf(
        await post({ ...simple, attachments: [{ filename: "a.txt", content: "aGk=" }, { filename: "b.txt", content: "not base64!" }] }, { authorization: key.authorization }),
      );
      expect(Object.keys(attachments.fields ?? {})).toEqual(["attachments.1.content"]);
      const raw = await errorOf(await post({ raw: "%%%", envelope: { from: "sender@example.com", to: ["r@dest.example"] } }, { authorization: key.authorization }));
      expect(Object.keys(raw.fields ?? {})).toEqual(["raw"]);
    });
  });

  describe("success", () => {
    it("queues a composed message with all its recipients, Bcc only in the envelope", async () => {
      const response = await post(
        {
          from: { name: "Ünïcode Sender", address: "sender@bücher.example" },
          to: ["To One <to1@dest.example>"],
          cc: "cc@dest.example",
          bcc: ["hidden@dest.example"],
          replyTo: "reply@example.com",
          subject: "Grüße",
          text: "plain body",
          html: "<p>html body</p>",
          headers: { "X-Campaign": "spring" },
          attachments: [{ filename: "hello.txt", content: Buffer.from("attached!").toString("base64"), contentType: "text/plain" }],
        },
        { authorization: key.authorization },
      );
      expect(response.status).toBe(202);
      const answer = (await response.json()) as { id: string; messageId: string; status: string; recipients: string[] };
      expect(answer).toMatchObject({ status: "queued", recipients: ["to1@dest.example", "cc@dest.example", "hidden@dest.example"] });
      expect(answer.messageId).toMatch(/^[0-9a-f-]{36}@mx\.outgate\.test$/);

      const row = await getDb().message.findUniqueOrThrow({
        where: { id: answer.id },
        select: { raw: true, size: true, messageId: true, envelopeFrom: true, senderDomain: true, subject: true, status: true, apiKeyId: true, recipients: { select: { address: true, status: true } } },
      });
      expect(row).toMatchObject({ messageId: answer.messageId, envelopeFrom: "sender@xn--bcher-kva.example", senderDomain: "xn--bcher-kva.example", subject: "Grüße", status: "QUEUED", apiKeyId: key.id });
      expect(row.size).toBe(row.raw.byteLength);
      expect(row.recipients.map((r) => r.address).sort()).toEqual(["cc@dest.example", "hidden@dest.example", "to1@dest.example"]);
      expect(row.recipients.every((r) => r.status === "PENDING")).toBe(true);

      const parsed = await simpleParser(Buffer.from(row.raw));
      expect(parsed.subject).toBe("Grüße");
      expect(parsed.text?.trim()).toBe("plain body");
      expect(parsed.html).toContain("<p>html body</p>");
      expect(parsed.messageId).toBe(`<${answer.messageId}>`);
      expect(parsed.headers.get("x-campaign")).toBe("spring");
      expect(parsed.headers.has("bcc")).toBe(false);
      expect(Buffer.from(row.raw).toString("latin1")).not.toContain("hidden@dest.example");
      expect(parsed.attachments).toHaveLength(1);
      expect(parsed.attachments[0]).toMatchObject({ filename: "hello.txt", contentType: "text/plain" });
      expect(parsed.attachments[0].content.toString()).toBe("attached!");
    });

    it("queues a raw message with its envelope, keeping its Message-ID", async () => {
      const raw = "From: sender@example.com\r\nTo: a@dest.example\r\nDate: Mon, 30 Nov 2026 17:49:16 +0000\r\nMessage-ID: <given-id@example.com>\r\nSubject: Raw one\r\n\r\nBody\r\n";
      const response = await post(
        { raw: Buffer.from(raw).toString("base64"), envelope: { from: "sender@example.com", to: ["a@dest.example", "b@dest.example"] } },
        { authorization: key.authorization },
      );
      expect(response.status).toBe(202);
      const answer = (await response.json()) as { id: string; messageId: string; recipients: string[] };
      expect(answer).toMatchObject({ messageId: "given-id@example.com", recipients: ["a@dest.example", "b@dest.example"] });
      const row = await getDb().message.findUniqueOrThrow({ where: { id: answer.id }, select: { raw: true, subject: true } });
      // Outgate's Received field on top (no `from`: through Next the client's address is unknown), then the message as sent.
      const stored = Buffer.from(row.raw).toString();
      const received = /^Received: by mx\.outgate\.test \(Outgate\) with HTTP id <given-id@example\.com>;\r\n\t[^\r\n]+\r\n/.exec(stored)?.[0] ?? "";
      expect(received).not.toBe("");
      expect(stored.slice(received.length)).toBe(raw);
      expect(row.subject).toBe("Raw one");
    });

    it("prepends a Message-ID to a raw message without one, and refuses raw bytes that are not a message", async () => {
      const raw = Buffer.from("From: sender@example.com\r\nSubject: x\r\n\r\nBody").toString("base64");
      const response = await post({ raw, envelope: { from: "sender@example.com", to: ["a@dest.example"] } }, { authorization: key.authorization });
      const answer = (await response.json()) as { id: string; messageId: string };
      expect(answer.messageId).toMatch(/^[0-9a-f-]{36}@mx\.outgate\.test$/);
      const row = await getDb().message.findUniqueOrThrow({ where: { id: answer.id }, select: { raw: true } });
      expect((await simpleParser(Buffer.from(row.raw))).messageId).toBe(`<${answer.messageId}>`);

      const garbage = Buffer.from("this is not\r\na message at all\r\n").toString("base64");
      const refused = await post({ raw: garbage, envelope: { from: "sender@example.com", to: ["a@dest.example"] } }, { authorization: key.authorization });
      expect(refused.status).toBe(422);
      expect((await errorOf(refused)).fields?.raw?.[0]).toMatch(/not an RFC 5322 message/);
    });
  });

  it("answers bizarre input with a JSON 4xx, never a 500", async () => {
    const rawWith = (text: string) => ({ raw: Buffer.from(text, "latin1").toString("base64"), envelope: { from: "sender@example.com", to: ["a@dest.example"] } });
    const bodies: unknown[] = [
      rawWith("Subject: a\0b\r\nMessage-ID: <x\0y@example.com>\r\n\r\nbody"),
      rawWith(""),
      { ...simple, subject: "nul\u0000here" },
      { ...simple, to: "\ud800@dest.example" },
      { ...simple, headers: ["X-A"] },
      { ...simple, attachments: "nope" },
      { ...simple, text: 5 },
      "[".repeat(10_000),
      '{"__proto__": {"x": 1}, "from": "sender@example.com"}',
    ];
    for (const body of bodies) {
      const response = await post(body, { authorization: key.authorization });
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get("content-type")).toMatch(/application\/json/);
    }
    const raw = rawWith("From: sender@example.com\r\nSubject: caf\xc3\xa9 \x01ok\r\n\r\nbody");
    const accepted = (await (await post(raw, { authorization: key.authorization })).json()) as { id: string };
    expect((await getDb().message.findUniqueOrThrow({ where: { id: accepted.id }, select: { subject: true } })).subject).toBe("café ok");
  });

  describe("idempotency", () => {
    it("lets concurrent retries race to one message", async () => {
      const headers = { "idempotency-key": "race" };
      const answers = await Promise.all([1, 2, 3].map(() => post(simple, { authorization: key.authorization, headers })));
      expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202]);
      const ids = new Set(await Promise.all(answers.map(async (answer) => ((await answer.json()) as { id: string }).id)));
      expect(ids.size).toBe(1);
      expect(await getDb().message.count()).toBe(1);
    });

    it("keeps idempotency keys apart per API key", async () => {
      const other = await createTestApiKey();
      const headers = { "idempotency-key": "same" };
      await post(simple, { authorization: key.authorization, headers });
      expect((await post({ ...simple, subject: "Other" }, { authorization: other.authorization, headers })).status).toBe(202);
      expect(await getDb().message.count()).toBe(2);
    });
  });

  describe("GET /api/v1/messages/{id}", () => {
    it("shows status, recipients and attempts, only to the key that sent the message", async () => {
      const answer = (await (await post({ ...simple, to: ["a@dest.example", "b@dest.example"] }, { authorization: key.authorization })).json()) as { id: string; messageId: string };
      const db = getDb();
      await db.deliveryAttempt.create({
        data: {
          messageId: answer.id,
          gatewayLabel: "Primary (smtp.example:587)",
          recipients: ["a@dest.example"],
          outcome: "DEFERRED",
          smtpCode: 451,
          response: "451 4.7.1 try later",
          startedAt: new Date("2030-01-01T00:00:00Z"),
          durationMs: 120,
        },
      });
      await db.messageRecipient.updateMany({ where: { messageId: answer.id, address: "b@dest.example" }, data: { status: "FAILED", smtpCode: 550, smtpResponse: "550 5.1.1 no such user" } });

      const response = await get(answer.id, key.authorization);
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toMatchObject({
        id: answer.id,
        messageId: answer.messageId,
        status: "queued",
        from: "sender@example.com",
        recipients: [
          { address: "a@dest.example", status: "pending", smtpCode: null, response: null },
          { address: "b@dest.example", status: "failed", smtpCode: 550, response: "550 5.1.1 no such user" },
        ],
        attempts: [{ gateway: "Primary (smtp.example:587)", outcome: "deferred", smtpCode: 451, response: "451 4.7.1 try later", startedAt: "2030-01-01T00:00:00.000Z", durationMs: 120 }],
      });
      expect(typeof body.attempts[0].id).toBe("string");
      expect(body).not.toHaveProperty("raw");

      const other = await createTestApiKey();
      expect((await get(answer.id, other.authorization)).status).toBe(404);
      expect((await get("not-a-uuid", key.authorization)).status).toBe(404);
      expect((await get(answer.id, "Bearer nope")).status).toBe(401);
    });
  });

  it("answers 503 JSON when the database is down", async () => {
    const url = process.env.DATABASE_URL!;
    await disconnectDb();
    process.env.DATABASE_URL = "postgresql://nobody:nothing@127.0.0.1:1/outgate";
    try {
      const response = await post(simple, { authorization: key.authorization });
      expect(response.status).toBe(503);
      expect((await errorOf(response)).code).toBe("unavailable");
    } finally {
      await disconnectDb();
      process.env.DATABASE_URL = url;
    }
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("describes every endpoint without authentication", async () => {
    const { GET: openapi } = await import("../openapi.json/route");
    const document = await openapi().json();
    expect(document.openapi).toBe("3.1.0");
    // The full list (admin paths included) is test/api/openapi-contract.test.ts's; here: the submission paths.
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/api/v1/messages", "/api/v1/messages/batch", "/api/v1/messages/{id}"]));
  });
});
