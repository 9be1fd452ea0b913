import { beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/messages/route";
import { getDb } from "@/lib/platform/db";
import { createHostedDomains, createTestApiKey } from "@/test/api-fixtures";
import { resetDatabase } from "@/test/db";

// POST /api/v1/messages takes the same RFC 3461 request an SMTP client makes (NOTIFY, RET, ENVID) as an optional
// `dsn` object, in compose and raw mode; the queue keeps it as it keeps the SMTP listener's.

function post(body: unknown, authorization: string) {
  return POST(new Request("http://localhost/api/v1/messages", { method: "POST", headers: { "content-type": "application/json", authorization }, body: JSON.stringify(body) }));
}

const composed = { from: "Sender <sender@example.com>", to: ["a@dest.example", "b@dest.example"], subject: "Hello", text: "Hi" };
const raw = {
  raw: Buffer.from("From: sender@example.com\r\nSubject: Raw\r\n\r\nBody\r\n").toString("base64"),
  envelope: { from: "sender@example.com", to: ["a@dest.example"] },
};

describe("the API's dsn request", () => {
  let key: Awaited<ReturnType<typeof createTestApiKey>>;
  beforeEach(async () => {
    await resetDatabase();
    await createHostedDomains("example.com");
    key = await createTestApiKey();
  });

  async function stored(id: string) {
    return getDb().message.findUniqueOrThrow({ where: { id }, select: { dsnRet: true, dsnEnvid: true, recipients: { select: { dsnNotify: true, dsnOrcpt: true }, orderBy: { id: "asc" } } } });
  }

  it("keeps NOTIFY for every recipient, RET and ENVID (compose mode)", async () => {
    const response = await post({ ...composed, dsn: { notify: ["SUCCESS", "FAILURE"], ret: "HDRS", envid: "order 42+1" } }, key.authorization);
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    expect(await stored(id)).toEqual({
      dsnRet: "HDRS",
      dsnEnvid: "order 42+1",
      recipients: [{ dsnNotify: "SUCCESS,FAILURE", dsnOrcpt: null }, { dsnNotify: "SUCCESS,FAILURE", dsnOrcpt: null }],
    });
  });

  it("keeps nothing without it, and takes it in raw mode", async () => {
    const plain = (await (await post(composed, key.authorization)).json()) as { id: string };
    expect(await stored(plain.id)).toEqual({ dsnRet: null, dsnEnvid: null, recipients: [{ dsnNotify: null, dsnOrcpt: null }, { dsnNotify: null, dsnOrcpt: null }] });
    const response = await post({ ...raw, dsn: { notify: ["NEVER"] } }, key.authorization);
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    expect(await stored(id)).toEqual({ dsnRet: null, dsnEnvid: null, recipients: [{ dsnNotify: "NEVER", dsnOrcpt: null }] });
  });

  it.each([
    [{ notify: ["NEVER", "SUCCESS"] }, "dsn.notify"],
    [{ notify: ["SOMETIMES"] }, "dsn.notify.0"],
    [{ ret: "BODY" }, "dsn.ret"],
    [{ envid: "x".repeat(101) }, "dsn.envid"],
    [{ envid: "line\r\nbreak" }, "dsn.envid"],
    [{ orcpt: "rfc822;a@b" }, "dsn"],
  ])("refuses %j with 422 naming %s", async (dsn, field) => {
    const response = await post({ ...composed, dsn }, key.authorization);
    expect(response.status).toBe(422);
    const { error } = (await response.json()) as { error: { fields: Record<string, string[]> } };
    expect(Object.keys(error.fields)).toContain(field);
    expect(await getDb().message.count()).toBe(0);
  });
});
