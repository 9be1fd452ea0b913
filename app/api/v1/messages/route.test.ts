import { simpleParser } from "mailparser";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { revokeApiKey } from "@/lib/console/api-keys/revoke-api-key";
import { disconnectDb, getDb } from "@/lib/platform/db";
import { createHostedDomains, createTestApiKey } from "@/test/api-fixtures";
import { resetDatabase } from "@/test/db";
import { GET } from "./[id]/route";
import { POST } from "./route";

// Small limits so the limit tests stay small; lib/platform/env.ts reads them on first use in this file's module graph.
vi.stubEnv("OUTGATE_MAX_MESSAGE_BYTES", "200000");
vi.stubEnv("OUTGATE_MAX_RECIPIENTS", "5");

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
  let domainIds: Record<string, string>;

  beforeEach(async () => {
    await resetDatabase();
    domainIds = await createHostedDomains("example.com", "other.example", "xn--bcher-kva.example");
    key = await createTestApiKey();
  });

  describe("authentication", () => {
    it("answers 401 with WWW-Authenticate for a missing, malformed, unknown or revoked key", async () => {
      const unknown = `Bearer og_${"A".repeat(43)}`;
      for (const authorization of [undefined, "Basic abc", "Bearer nope", unknown]) {
        const response = await post(simple, { authorization });
        expect(response.status).toBe(401);
        expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
        expect((await errorOf(response)).code).toBe("unauthorized");
      }
      await revokeApiKey({ id: key.id });
      const revoked = await post(simple, { authorization: key.authorization });
      expect(revoked.status).toBe(401);
      expect((await errorOf(revoked)).message).toMatch(/revoked/);
      expect(await getDb().message.count()).toBe(0);
    });

    it("answers 403 when the key may not send for the sender domain", async () => {
      const limited = await createTestApiKey({ domainIds: [domainIds["other.example"]] });
      const response = await post(simple, { authorization: limited.authorization });
      expect(response.status).toBe(403);
      expect((await errorOf(response)).code).toBe("forbidden");
      expect((await post({ ...simple, from: "a@other.example" }, { authorization: limited.authorization })).status).toBe(202);
    });

    it("records lastUsedAt once", async () => {
      await post(simple, { authorization: key.authorization });
      const first = await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id }, select: { lastUsedAt: true } });
      expect(first.lastUsedAt).toBeInstanceOf(Date);
      await post(simple, { authorization: key.authorization });
      const second = await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id }, select: { lastUsedAt: true } });
      expect(second.lastUsedAt).toEqual(first.lastUsedAt);
    });
  });

  describe("request format", () => {
    it("answers 415 for a body that is not JSON", async () => {
      const response = await post("from=a", { authorization: key.authorization, headers: { "content-type": "application/x-www-form-urlencoded" } });
      expect(response.status).toBe(415);
    });

    it("answers 400 for invalid JSON, an empty body and invalid UTF-8", async () => {
      for (const body of ["{not json", "", new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])]) {
        const response = await post(body, { authorization: key.authorization });
        expect(response.status).toBe(400);
        expect((await errorOf(response)).code).toBe("bad_request");
      }
    });

    it("answers 422 for a JSON value that is not an object", async () => {
      for (const body of ["[1,2]", "42", "null"]) {
        expect((await post(body, { authorization: key.authorization })).status).toBe(422);
      }
    });

    it("answers 413 by Content-Length, by the bytes actually sent, and for a composed message over the limit", async () => {
      const declared = await post(simple, { authorization: key.authorization, headers: { "content-length": "99999999" } });
      expect(declared.status).toBe(413);

      const huge = JSON.stringify({ ...simple, text: "x".repeat(600_000) });
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(huge));
          controller.close();
        },
      });
      const streamed = await POST(
        new Request(URL_BASE, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: key.authorization },
          body: stream,
          duplex: "half",
        } as RequestInit),
      );
      expect(streamed.status).toBe(413);

      const attachment = Buffer.alloc(190_000, 7).toString("base64");
      const composed = await post({ ...simple, attachments: [{ filename: "big.bin", content: attachment }] }, { authorization: key.authorization });
      expect(composed.status).toBe(413);
      expect((await errorOf(composed)).code).toBe("payload_too_large");
      expect(await getDb().message.count()).toBe(0);
    });

    it("rejects an Idempotency-Key longer than 200 characters", async () => {
      const response = await post(simple, { authorization: key.authorization, headers: { "idempotency-key": "k".repeat(201) } });
      expect(response.status).toBe(400);
    });
  });

  describe("validation", () => {
    it("answers 422 with field paths for invalid addresses", async () => {
      const response = await post(
        { from: "not-an-address", to: ["ok@dest.example", "bad@@dest.example"], cc: [{ address: "x@-bad-.example" }], subject: "s" },
        { authorization: key.authorization },
      );
      expect(response.status).toBe(422);
      const error = await errorOf(response);
      expect(error.code).toBe("validation_failed");
      expect(Object.keys(error.fields ?? {}).sort()).toEqual(["cc.0", "from", "to.1"]);
    });

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

    it("answers 422 when the sender domain is not hosted here (never an open relay)", async () => {
      const response = await post({ ...simple, from: "someone@gmail.example" }, { authorization: key.authorization });
      expect(response.status).toBe(422);
      const error = await errorOf(response);
      expect(error.message).toMatch(/not hosted here/);
      expect(error.fields?.from).toBeDefined();
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
      expect(answer.messageId).toMatch(/@xn--bcher-kva\.example$/);

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
      const raw = "From: sender@example.com\r\nTo: a@dest.example\r\nMessage-ID: <given-id@example.com>\r\nSubject: Raw one\r\n\r\nBody\r\n";
      const response = await post(
        { raw: Buffer.from(raw).toString("base64"), envelope: { from: "sender@example.com", to: ["a@dest.example", "b@dest.example"] } },
        { authorization: key.authorization },
      );
      expect(response.status).toBe(202);
      const answer = (await response.json()) as { id: string; messageId: string; recipients: string[] };
      expect(answer).toMatchObject({ messageId: "given-id@example.com", recipients: ["a@dest.example", "b@dest.example"] });
      const row = await getDb().message.findUniqueOrThrow({ where: { id: answer.id }, select: { raw: true, subject: true } });
      expect(Buffer.from(row.raw).toString()).toBe(raw);
      expect(row.subject).toBe("Raw one");
    });

    it("prepends a Message-ID to a raw message without one, and refuses raw bytes that are not a message", async () => {
      const raw = Buffer.from("From: sender@example.com\r\nSubject: x\r\n\r\nBody").toString("base64");
      const response = await post({ raw, envelope: { from: "sender@example.com", to: ["a@dest.example"] } }, { authorization: key.authorization });
      const answer = (await response.json()) as { id: string; messageId: string };
      expect(answer.messageId).toMatch(/@example\.com$/);
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
    const raw = rawWith("Subject: caf\xc3\xa9 \x01ok\r\n\r\nbody");
    const accepted = (await (await post(raw, { authorization: key.authorization })).json()) as { id: string };
    expect((await getDb().message.findUniqueOrThrow({ where: { id: accepted.id }, select: { subject: true } })).subject).toBe("café ok");
  });

  describe("idempotency", () => {
    it("answers a repeated request with the first answer and stores one message", async () => {
      const headers = { "idempotency-key": "order-42" };
      const first = await post(simple, { authorization: key.authorization, headers });
      const second = await post(simple, { authorization: key.authorization, headers });
      expect(second.status).toBe(202);
      expect(await second.json()).toEqual(await first.json());
      expect(await getDb().message.count()).toBe(1);

      const different = await post({ ...simple, subject: "Changed" }, { authorization: key.authorization, headers });
      expect(different.status).toBe(409);
      expect(await getDb().message.count()).toBe(1);
    });

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
    expect(Object.keys(document.paths)).toEqual(["/api/v1/messages", "/api/v1/messages/batch", "/api/v1/messages/{id}"]);
  });
});
