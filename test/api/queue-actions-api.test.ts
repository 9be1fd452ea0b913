/**
 * The admin queue action endpoints (issue 14, item 1) against the served OpenAPI document: each real request and
 * answer must match what the document says, and bad input gets a documented 4xx, never a 500.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as postMessageAction } from "@/app/api/v1/admin/messages/[id]/actions/route";
import { POST as postBulk } from "@/app/api/v1/admin/queue-actions/route";
import { POST as postCount } from "@/app/api/v1/admin/queue-actions/count/route";
import { DELETE as deleteJob, GET as getJob } from "@/app/api/v1/admin/queue-actions/[id]/route";
import { GET as getDocumentRoute } from "@/app/api/v1/openapi.json/route";
import { issueApiTokens } from "@/lib/http/smartermail-api/api-tokens";
import { getDb } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { insertTestMessages } from "@/test/queue/insert-test-message";
import { createOpenApiContract, type OpenApiContract, type OpenApiDocument } from "./openapi-contract";

const ACTION = "/api/v1/admin/messages/{id}/actions";
const BULK = "/api/v1/admin/queue-actions";
const COUNT = "/api/v1/admin/queue-actions/count";
const JOB = "/api/v1/admin/queue-actions/{id}";
const later = () => new Date(Date.now() + 3600_000);

describe("admin queue action endpoints, checked against the OpenAPI document", () => {
  let contract: OpenApiContract;
  let auth: Record<string, string>;

  const request = (url: string, method: string, body?: unknown, headers: Record<string, string> = auth) =>
    new Request(`http://localhost${url}`, { method, headers: { "content-type": "application/json", ...headers }, ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }) });
  const params = (id: string) => ({ params: Promise.resolve({ id }) });

  async function expectDocumented(path: string, method: string, response: Response, body?: unknown) {
    if (body !== undefined && response.status < 400) expect(contract.requestErrors(path, method, body), "request body").toEqual([]);
    const answer = contract.answer(path, method, response.status);
    expect(answer, `${method} ${path} documents ${response.status}`).toBeDefined();
    const json: unknown = await response.json();
    expect(contract.answerErrors(path, method, response.status, json), JSON.stringify(json)).toEqual([]);
    return json as Record<string, unknown>;
  }

  beforeAll(async () => {
    contract = createOpenApiContract((await getDocumentRoute().json()) as OpenApiDocument);
  });
  beforeEach(async () => {
    await resetDatabase();
    const admin = await createTestAdmin();
    auth = { authorization: `Bearer ${(await issueApiTokens(admin.id)).accessToken}` };
  });

  it("holds one message (a second hold is skipped), and audits the change", async () => {
    const [message] = await insertTestMessages(1, { nextAttemptAt: later() });
    const hold = { action: "hold", reason: "check the sender" };
    const held = await expectDocumented(ACTION, "post", await postMessageAction(request(`/api/v1/admin/messages/${message.id}/actions`, "POST", hold), params(message.id)), hold);
    expect(held).toEqual({ result: "changed", status: "HELD" });
    const again = await expectDocumented(ACTION, "post", await postMessageAction(request(`/x`, "POST", hold), params(message.id)), hold);
    expect(again).toEqual({ result: "skipped", status: "HELD" });
    expect(await getDb().auditEntry.findMany({ select: { action: true, targetId: true } })).toEqual([{ action: "queue.hold", targetId: message.id }]);
  });

  it("answers documented 4xx for bad input: 401, 404, 422, 400", async () => {
    const [message] = await insertTestMessages(1);
    const url = `/api/v1/admin/messages/${message.id}/actions`;
    const cases: [Response, number][] = [
      [await postMessageAction(request(url, "POST", { action: "retry" }, {}), params(message.id)), 401],
      [await postMessageAction(request(url, "POST", { action: "retry" }), params("00000000-0000-4000-8000-000000000000")), 404],
      [await postMessageAction(request(url, "POST", { action: "retry" }), params("not-a-uuid")), 404],
      [await postMessageAction(request(url, "POST", { action: "explode" }), params(message.id)), 422],
      [await postMessageAction(request(url, "POST", { action: "move" }), params(message.id)), 422],
      [await postMessageAction(request(url, "POST", { action: "move", gatewayId: "00000000-0000-4000-8000-000000000000" }), params(message.id)), 422],
      [await postMessageAction(request(url, "POST", "{nope"), params(message.id)), 400],
      [await postBulk(request(BULK, "POST", { action: "hold" })), 422],
      [await postBulk(request(BULK, "POST", { action: "hold", ids: [message.id], filter: {} })), 422],
      [await postBulk(request(BULK, "POST", { action: "hold", filter: { status: "bogus" } })), 422],
      [await getJob(request("/x", "GET"), params("00000000-0000-4000-8000-000000000000")), 404],
    ];
    for (const [index, [response, status]] of cases.entries()) {
      expect(response.status, `case ${index}`).toBe(status);
      expect(await expectDocumented(index < 7 ? ACTION : index < 10 ? BULK : JOB, index < 10 ? "post" : "get", response)).toHaveProperty("error.code");
    }
  });

  it("counts, starts, follows and cancels a bulk action over a filter; a selection is done at once", async () => {
    const messages = await insertTestMessages(5, { nextAttemptAt: later() });
    const filterBody = { action: "hold", reason: "maintenance", filter: { status: "queued" } };
    expect(await expectDocumented(COUNT, "post", await postCount(request(COUNT, "POST", filterBody)), filterBody)).toEqual({ total: 5 });

    const selection = { action: "delete", ids: messages.slice(0, 2).map((m) => m.id) };
    const deleted = await expectDocumented(BULK, "post", await postBulk(request(BULK, "POST", selection)), selection);
    expect(deleted).toMatchObject({ action: "delete", status: "finished", total: 2, changed: 2 });

    const started = await postBulk(request(BULK, "POST", filterBody));
    expect(started.headers.get("location")).toMatch(/^\/api\/v1\/admin\/queue-actions\/[0-9a-f-]{36}$/);
    const job = await expectDocumented(BULK, "post", started, filterBody);
    expect(job).toMatchObject({ action: "hold", status: "running", total: 3, done: 0 });
    const cancelled = await expectDocumented(JOB, "delete", await deleteJob(request("/x", "DELETE"), params(job.id as string)));
    expect(cancelled).toMatchObject({ status: "cancelled" });
    expect(await expectDocumented(JOB, "get", await getJob(request("/x", "GET"), params(job.id as string)))).toMatchObject({ status: "cancelled" });
    expect(await getDb().message.count({ where: { status: "DELETED" } })).toBe(2);
    expect((await getDb().auditEntry.findMany({ select: { action: true }, orderBy: { id: "asc" } })).map((e) => e.action)).toEqual(["queue.bulk_delete", "queue.bulk_hold", "queue.bulk_cancel"]);
  });
});
