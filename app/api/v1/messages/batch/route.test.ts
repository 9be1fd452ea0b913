import { beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/platform/db";
import { MAX_BATCH_MESSAGES } from "@/lib/validation/submit-batch";
import { createHostedDomains, createTestApiKey } from "@/test/api-fixtures";
import { resetDatabase } from "@/test/db";
import { POST } from "./route";

vi.stubEnv("OUTGATE_MAX_MESSAGE_BYTES", "200000");
vi.stubEnv("OUTGATE_MAX_RECIPIENTS", "5");

type BatchAnswer = {
  accepted: number;
  rejected: number;
  results: Array<
    | { ok: true; message: { id: string; messageId: string; status: string; recipients: string[] } }
    | { ok: false; status: number; error: { code: string; message: string; fields?: Record<string, string[]> } }
  >;
};

function post(body: unknown, authorization?: string) {
  return POST(
    new Request("http://localhost/api/v1/messages/batch", {
      method: "POST",
      headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

const message = (n: number, extra: Record<string, unknown> = {}) => ({ from: "sender@example.com", to: `rcpt${n}@dest.example`, subject: `Hello ${n}`, text: "Hi", ...extra });

describe("POST /api/v1/messages/batch", () => {
  let key: Awaited<ReturnType<typeof createTestApiKey>>;

  beforeEach(async () => {
    await resetDatabase();
    await createHostedDomains("example.com", "other.example");
    key = await createTestApiKey();
  });

  it("answers 202 with one committed message per item, in order", async () => {
    const response = await post({ messages: [message(1), message(2), message(3)] }, key.authorization);
    expect(response.status).toBe(202);
    const answer = (await response.json()) as BatchAnswer;
    expect(answer).toMatchObject({ accepted: 3, rejected: 0 });
    const ids = answer.results.map((result) => (result.ok ? result.message.id : null));
    const rows = await getDb().message.findMany({ where: { id: { in: ids as string[] } }, select: { id: true, subject: true, status: true } });
    expect(rows).toHaveLength(3);
    for (const [index, id] of ids.entries()) {
      expect(rows.find((row) => row.id === id)).toMatchObject({ subject: `Hello ${index + 1}`, status: "QUEUED" });
    }
    expect(answer.results[1]).toMatchObject({ ok: true, message: { status: "queued", recipients: ["rcpt2@dest.example"] } });
  });

  it("answers 207 and reports each refused item with its own status and field errors, queuing the valid ones", async () => {
    const response = await post(
      {
        messages: [
          message(1),
          message(2, { to: "not an address" }),
          message(3, { from: "a@unhosted.example" }),
          { raw: "!!!", envelope: { from: "sender@example.com", to: ["x@dest.example"] } },
          "not an object",
        ],
      },
      key.authorization,
    );
    expect(response.status).toBe(207);
    const answer = (await response.json()) as BatchAnswer;
    expect(answer).toMatchObject({ accepted: 1, rejected: 4 });
    expect(answer.results[0].ok).toBe(true);
    expect(answer.results[1]).toMatchObject({ ok: false, status: 422, error: { code: "validation_failed", fields: { to: [expect.any(String)] } } });
    expect(answer.results[2]).toMatchObject({ ok: false, status: 422, error: { code: "unprocessable", fields: { from: [expect.stringMatching(/not hosted/)] } } });
    expect(answer.results[3]).toMatchObject({ ok: false, status: 422, error: { fields: { raw: [expect.any(String)] } } });
    expect(answer.results[4]).toMatchObject({ ok: false, status: 422, error: { code: "validation_failed" } });
    expect(await getDb().message.count()).toBe(1);
  });

  it("applies the key's domain allow-list per item", async () => {
    const domains = await getDb().domain.findMany({ where: { name: "other.example" }, select: { id: true } });
    const limited = await createTestApiKey({ name: "other only", domainIds: domains.map((d) => d.id) });
    const response = await post({ messages: [message(1), message(2, { from: "b@other.example" })] }, limited.authorization);
    const answer = (await response.json()) as BatchAnswer;
    expect(response.status).toBe(207);
    expect(answer.results[0]).toMatchObject({ ok: false, status: 403, error: { code: "forbidden" } });
    expect(answer.results[1].ok).toBe(true);
  });

  it("answers a retried item with the same idempotency key with the first answer, and refuses the key for another message", async () => {
    const first = (await (await post({ messages: [message(1, { idempotencyKey: "order-1" })] }, key.authorization)).json()) as BatchAnswer;
    const again = (await (await post({ messages: [message(1, { idempotencyKey: "order-1" }), message(2)] }, key.authorization)).json()) as BatchAnswer;
    expect(again.results[0]).toEqual(first.results[0]);
    expect(await getDb().message.count()).toBe(2);
    const other = (await (await post({ messages: [message(9, { idempotencyKey: "order-1" })] }, key.authorization)).json()) as BatchAnswer;
    expect(other.results[0]).toMatchObject({ ok: false, status: 409, error: { code: "conflict" } });
    const bad = (await (await post({ messages: [message(3, { idempotencyKey: 5 })] }, key.authorization)).json()) as BatchAnswer;
    expect(bad.results[0]).toMatchObject({ ok: false, status: 422, error: { fields: { idempotencyKey: [expect.any(String)] } } });
  });

  it("refuses a malformed batch as a whole with a field-level message", async () => {
    const cases: Array<[unknown, number, string]> = [
      ["{", 400, "bad_request"],
      [[message(1)], 422, "validation_failed"],
      [{ messages: [] }, 422, "validation_failed"],
      [{ messages: message(1) }, 422, "validation_failed"],
      [{ messages: [message(1)], extra: true }, 422, "validation_failed"],
      [{ messages: Array.from({ length: MAX_BATCH_MESSAGES + 1 }, (_, n) => message(n)) }, 422, "validation_failed"],
    ];
    for (const [body, status, code] of cases) {
      const response = await post(body, key.authorization);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      const { error } = (await response.json()) as { error: { code: string; fields?: Record<string, string[]> } };
      expect(error.code).toBe(code);
    }
    const tooMany = await post({ messages: Array.from({ length: MAX_BATCH_MESSAGES + 1 }, (_, n) => message(n)) }, key.authorization);
    expect(((await tooMany.json()) as { error: { fields: Record<string, string[]> } }).error.fields.messages[0]).toMatch(/at most 500/);
    expect(await getDb().message.count()).toBe(0);
  });
});
