import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { createHostedDomains, createTestApiKey } from "@/test/api-fixtures";
import { resetDatabase } from "@/test/db";
import { POST as postOne } from "@/app/api/v1/messages/route";
import { POST as postBatch } from "@/app/api/v1/messages/batch/route";
import { waitForWindowRoom } from "@/test/clock-windows";

const message = (from = "sender@capped.example") => ({ from, to: "rcpt@dest.example", subject: "Hello", text: "Hi" });

function post(route: (request: Request) => Promise<Response>, path: string, body: unknown, authorization: string) {
  return route(new Request(`http://localhost/api/v1/messages${path}`, { method: "POST", headers: { "content-type": "application/json", authorization }, body: JSON.stringify(body) }));
}

/** Seconds until the end of the current UTC hour, as the hour window counts them. */
const secondsToEndOfHour = () => 3600 - (Math.floor(Date.now() / 1000) % 3600);

describe("sending limits at submission (issue 15)", () => {
  let key: Awaited<ReturnType<typeof createTestApiKey>>;

  beforeEach(async () => {
    // The limits count per clock hour and day (UTC): each test sends within one of each.
    await waitForWindowRoom(3_600_000, 15_000);
    await resetDatabase();
    await createHostedDomains("capped.example", "free.example");
    key = await createTestApiKey();
  });

  it("answers 429 with Retry-After once a domain's Reject limit is reached, and other domains still send", async () => {
    await getDb().domain.update({ where: { name: "capped.example" }, data: { perHourLimit: 2, limitAction: "REJECT" } });

    for (let sent = 0; sent < 2; sent += 1) expect((await post(postOne, "", message(), key.authorization)).status).toBe(202);
    const refused = await post(postOne, "", message(), key.authorization);

    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(Math.abs(retryAfter - secondsToEndOfHour())).toBeLessThanOrEqual(2);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/capped\.example reached its sending limit/) });
    expect((await post(postOne, "", message("sender@free.example"), key.authorization)).status).toBe(202);
    expect(await getDb().message.count({ where: { senderDomain: "capped.example" } })).toBe(2);
  });

  it("answers the batch item over the limit 429 and queues the others", async () => {
    await getDb().domain.update({ where: { name: "capped.example" }, data: { perDayLimit: 1, limitAction: "REJECT" } });

    const response = await post(postBatch, "/batch", { messages: [message(), message(), message("sender@free.example")] }, key.authorization);
    const items = ((await response.json()) as { results: { ok: boolean; status?: number; error?: { code: string } }[] }).results;

    expect(items.map((item) => (item.ok ? "ok" : item.status)).sort()).toEqual([429, "ok", "ok"]);
    expect(items.find((item) => !item.ok)?.error?.code).toBe("rate_limited");
    expect(await getDb().message.count()).toBe(2);
  });

  it("accepts everything for a Delay limit (the queue holds it) and limits an API key the same way", async () => {
    await getDb().domain.update({ where: { name: "capped.example" }, data: { perHourLimit: 1, limitAction: "DELAY" } });
    for (let sent = 0; sent < 3; sent += 1) expect((await post(postOne, "", message(), key.authorization)).status).toBe(202);

    // A key's limit counts what it submits from now on, whatever the domain.
    await getDb().apiKey.update({ where: { id: key.id }, data: { perHourLimit: 2 } });
    expect((await post(postOne, "", message("sender@free.example"), key.authorization)).status).toBe(202);
    expect((await post(postOne, "", message("sender@free.example"), key.authorization)).status).toBe(202);
    const refused = await post(postOne, "", message("sender@free.example"), key.authorization);
    expect([refused.status, Number(refused.headers.get("retry-after")) > 0]).toEqual([429, true]);
  });
});
