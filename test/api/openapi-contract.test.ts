import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as getMessageRoute } from "@/app/api/v1/messages/[id]/route";
import { POST as postBatchRoute } from "@/app/api/v1/messages/batch/route";
import { POST as postMessageRoute } from "@/app/api/v1/messages/route";
import { GET as getDocumentRoute } from "@/app/api/v1/openapi.json/route";
import { disconnectDb, getDb } from "@/lib/platform/db";
import { createHostedDomains, createTestApiKey } from "@/test/api-fixtures";
import { resetDatabase } from "@/test/db";
import { createOpenApiContract, type OpenApiContract, type OpenApiDocument } from "./openapi-contract";

// Small limits, read by lib/platform/env.ts on first use; the document must show these, not the defaults.
vi.stubEnv("OUTGATE_MAX_MESSAGE_BYTES", "200000");
vi.stubEnv("OUTGATE_MAX_RECIPIENTS", "5");

const MESSAGES = "/api/v1/messages";
const BATCH = "/api/v1/messages/batch";
const MESSAGE = "/api/v1/messages/{id}";
type Exchange = { path: string; method: "post" | "get"; response: Response; request?: unknown };

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const route = url === BATCH ? postBatchRoute : postMessageRoute;
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return route(new Request(`http://localhost${url}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: text }));
}

function get(id: string, authorization: string) {
  return getMessageRoute(new Request(`http://localhost${MESSAGES}/${id}`, { headers: { authorization } }), { params: Promise.resolve({ id }) });
}

const rawOf = (text: string) => Buffer.from(text).toString("base64");
const composed = (extra: Record<string, unknown> = {}) => ({ from: "Sender <sender@example.com>", to: "rcpt@dest.example", subject: "Hello", text: "Hi", ...extra });
const raw = { raw: rawOf("From: sender@example.com\r\nSubject: Raw\r\n\r\nBody\r\n"), envelope: { from: "sender@example.com", to: ["a@dest.example"] } };

describe("the served OpenAPI document, checked against real requests and answers", () => {
  let document: OpenApiDocument;
  let contract: OpenApiContract;
  let key: Awaited<ReturnType<typeof createTestApiKey>>;
  let auth: Record<string, string>;

  /** The request matches the documented body, the status is documented, the answer and its headers match it. */
  async function expectDocumented({ path, method, response, request }: Exchange) {
    if (request !== undefined) expect(contract.requestErrors(path, method, request), "request body").toEqual([]);
    const answer = contract.answer(path, method, response.status);
    expect(answer, `${method.toUpperCase()} ${path} documents ${response.status}`).toBeDefined();
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(contract.headerErrors(answer!, response.headers), "answer headers").toEqual([]);
    const body: unknown = await response.json();
    expect(contract.answerErrors(path, method, response.status, body), `${response.status} answer ${JSON.stringify(body).slice(0, 300)}`).toEqual([]);
    return body;
  }

  beforeAll(async () => {
    const response = getDocumentRoute();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("cache-control")).toMatch(/public/);
    document = (await response.json()) as OpenApiDocument;
    contract = createOpenApiContract(document);
  });

  beforeEach(async () => {
    await resetDatabase();
    await createHostedDomains("example.com", "other.example", "xn--bcher-kva.example");
    key = await createTestApiKey();
    auth = { authorization: key.authorization };
  });

  it("is an OpenAPI 3.1 document whose every schema compiles and every $ref resolves", () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(document.paths)).toEqual([
      MESSAGES,
      BATCH,
      MESSAGE,
      // Admin queue actions (issue 14), checked by test/api/queue-actions-api.test.ts.
      "/api/v1/admin/messages/{id}/actions",
      "/api/v1/admin/queue-actions",
      "/api/v1/admin/queue-actions/count",
      "/api/v1/admin/queue-actions/{id}",
      // Route explain (issue 15), checked by test/api/route-explain-api.test.ts.
      "/api/v1/admin/route-explain",
    ]);
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const statuses = Object.keys(operation.responses);
        expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(["401", "500"]));
        for (const status of statuses) expect(operation.responses[status].description, `${method} ${path} ${status}`).toBeTruthy();
      }
    }
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(contract.compileErrors()).toEqual([]);
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const name of refs) expect(document.components.schemas, name).toHaveProperty(name);
  });

  it("shows this installation's limits", () => {
    const description = JSON.stringify(document.paths[MESSAGES].post);
    expect(description).toContain("at most 5 distinct recipients");
    expect(description).toContain("200000 bytes");
  });

  it("describes a composed message, its Idempotency-Key and its 202 answer", async () => {
    const request = composed({
      from: { name: "Ünïcode Sender", address: "sender@bücher.example" },
      to: ["To One <to1@dest.example>", { address: "to2@dest.example", name: null }],
      cc: "cc@dest.example",
      bcc: ["hidden@dest.example"],
      replyTo: { address: "reply@example.com" },
      html: "<p>Hi</p>",
      headers: { "X-Campaign": "spring" },
      attachments: [{ filename: "hello.txt", content: rawOf("attached!"), contentType: "text/plain" }, { filename: "b.bin", content: "aGk" }],
    });
    const idempotencyKey = "order-42 ".padEnd(200, "k");
    expect(contract.parameterErrors(MESSAGES, "post", "Idempotency-Key", idempotencyKey)).toEqual([]);
    const response = await post(MESSAGES, request, { ...auth, "idempotency-key": idempotencyKey });
    expect(response.status).toBe(202);
    expect(await expectDocumented({ path: MESSAGES, method: "post", request, response })).toMatchObject({ status: "queued" });
  });

  it("describes a raw message and its 202 answer", async () => {
    const response = await post(MESSAGES, raw, auth);
    expect(response.status).toBe(202);
    await expectDocumented({ path: MESSAGES, method: "post", request: raw, response });
  });

  it("describes a batch of good and bad items and its 207 answer, and an all-good batch's 202", async () => {
    const request = {
      messages: [
        composed(),
        { ...raw, idempotencyKey: "raw-1" },
        composed({ to: "not an address" }),
        composed({ from: "someone@unhosted.example" }),
        composed({ to: ["a", "b", "c", "d", "e", "f"].map((local) => `${local}@dest.example`) }),
        composed({ idempotencyKey: "x".repeat(201) }),
      ],
    };
    const response = await post(BATCH, { ...request, messages: request.messages.slice(0, 5) }, auth);
    expect(response.status).toBe(207);
    const answer = await expectDocumented({ path: BATCH, method: "post", request: { messages: request.messages.slice(0, 5) }, response });
    expect(answer).toMatchObject({ accepted: 2, rejected: 3 });

    // An item the document refuses (its key is too long) is refused by the API too, on its own.
    expect(contract.requestErrors(BATCH, "post", request)).not.toEqual([]);
    const refused = (await (await post(BATCH, request, auth)).json()) as { results: { ok: boolean; status?: number }[] };
    expect(refused.results[5]).toMatchObject({ ok: false, status: 400 });

    const allGood = { messages: [composed({ subject: "One" }), { ...raw, idempotencyKey: "raw-2" }] };
    const accepted = await post(BATCH, allGood, auth);
    expect(accepted.status).toBe(202);
    await expectDocumented({ path: BATCH, method: "post", request: allGood, response: accepted });
  });

  it("describes a message's status while queued (with attempts) and once delivered", async () => {
    const submitted = (await (await post(MESSAGES, composed({ to: ["a@dest.example", "b@dest.example"] }), auth)).json()) as { id: string };
    const db = getDb();
    await db.deliveryAttempt.create({
      data: { messageId: submitted.id, gatewayLabel: "Primary", recipients: ["a@dest.example"], outcome: "DEFERRED", smtpCode: 451, response: "451 4.7.1 later", startedAt: new Date(), durationMs: 12 },
    });
    await db.messageRecipient.updateMany({ where: { messageId: submitted.id, address: "b@dest.example" }, data: { status: "FAILED", smtpCode: 550, smtpResponse: "550 5.1.1 no" } });
    const queued = await expectDocumented({ path: MESSAGE, method: "get", response: await get(submitted.id, key.authorization) });
    expect(queued).toMatchObject({ status: "queued", attempts: [{ outcome: "deferred" }] });

    await db.message.update({ where: { id: submitted.id }, data: { status: "PARTIALLY_DELIVERED", completedAt: new Date(), lastError: "550 5.1.1 no" } });
    const done = await expectDocumented({ path: MESSAGE, method: "get", response: await get(submitted.id, key.authorization) });
    expect(done).toMatchObject({ status: "partially_delivered", nextAttemptAt: null });

    const other = await createTestApiKey();
    expect((await expectDocumented({ path: MESSAGE, method: "get", response: await get(submitted.id, other.authorization) })) as object).toHaveProperty("error.code", "not_found");
    await expectDocumented({ path: MESSAGE, method: "get", response: await get(submitted.id, "Bearer nope") });
  });

  it("describes the error answers: 400, 401, 403, 409, 413, 415, 422", async () => {
    const { "only.example": onlyDomain } = await createHostedDomains("only.example");
    const limited = await createTestApiKey({ domainIds: [onlyDomain] });
    const cases: { status: number; url?: string; body: unknown; headers?: Record<string, string>; documentRefuses?: boolean }[] = [
      { status: 400, body: "{not json", headers: auth },
      { status: 401, body: composed() },
      { status: 401, url: BATCH, body: { messages: [composed()] }, headers: { authorization: "Bearer og_unknown" } },
      { status: 403, body: composed(), headers: { authorization: limited.authorization } },
      { status: 413, body: composed(), headers: { ...auth, "content-length": "99999999" } },
      { status: 413, body: composed({ attachments: [{ filename: "big.bin", content: Buffer.alloc(190_000, 7).toString("base64") }] }), headers: auth },
      { status: 415, body: "from=a", headers: { ...auth, "content-type": "application/x-www-form-urlencoded" } },
      { status: 422, body: composed({ to: ["ok@dest.example", "bad@@dest.example"] }), headers: auth },
      { status: 422, body: composed({ from: "someone@unhosted.example" }), headers: auth },
      { status: 422, body: composed({ colour: "red" }), headers: auth, documentRefuses: true },
      { status: 422, body: composed({ to: [42] }), headers: auth, documentRefuses: true },
      { status: 422, body: { raw: raw.raw, envelope: { from: "sender@example.com" } }, headers: auth, documentRefuses: true },
      { status: 422, url: BATCH, body: { messages: [] }, headers: auth, documentRefuses: true },
    ];
    for (const { status, url = MESSAGES, body, headers, documentRefuses } of cases) {
      const response = await post(url, body, headers);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      const json = typeof body === "string" ? undefined : body;
      if (documentRefuses) expect(contract.requestErrors(url, "post", json), "the document refuses it too").not.toEqual([]);
      await expectDocumented({ path: url, method: "post", request: documentRefuses ? undefined : json, response });
    }

    const first = await post(MESSAGES, composed(), { ...auth, "idempotency-key": "same" });
    await expectDocumented({ path: MESSAGES, method: "post", response: first });
    const conflict = await post(MESSAGES, composed({ subject: "Changed" }), { ...auth, "idempotency-key": "same" });
    expect(conflict.status).toBe(409);
    await expectDocumented({ path: MESSAGES, method: "post", response: conflict });
  });

  it("describes the 503 answer when the database is down", async () => {
    const url = process.env.DATABASE_URL!;
    await disconnectDb();
    process.env.DATABASE_URL = "postgresql://nobody:nothing@127.0.0.1:1/outgate";
    try {
      const response = await post(MESSAGES, composed(), auth);
      expect(response.status).toBe(503);
      await expectDocumented({ path: MESSAGES, method: "post", request: composed(), response });
    } finally {
      await disconnectDb();
      process.env.DATABASE_URL = url;
    }
  });
});
