import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { issueApiTokens } from "@/lib/http/smartermail-api/api-tokens";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { insertQueuedMessage } from "@/test/smartermail/insert-queued-message";
import { GET } from "./route";

const URL = "http://outgate.test/api/v1/settings/sysadmin/spool-message-counts";
const MINUTE = 60_000;

function get(authorization?: string) {
  return GET(new Request(URL, { headers: authorization ? { authorization } : {} }));
}

async function tokenFor(now = Date.now()) {
  const admin = await createTestAdmin();
  return { admin, ...(await issueApiTokens(admin.id, now)) };
}

describe("GET /api/v1/settings/sysadmin/spool-message-counts", () => {
  beforeEach(() => resetDatabase());

  it("counts Outgate's queue: due and never tried (or in its first delivery) as default, deferred as waiting", async () => {
    const { accessToken } = await tokenFor();
    const past = new Date(Date.now() - MINUTE);
    const future = new Date(Date.now() + 10 * MINUTE);
    await insertQueuedMessage({ nextAttemptAt: past }); // due, never tried → default
    await insertQueuedMessage({ nextAttemptAt: past }); // default
    await insertQueuedMessage({ nextAttemptAt: past, leased: true }); // being delivered for the first time → default
    await insertQueuedMessage({ nextAttemptAt: past, attempts: 1, leased: true }); // being retried: deferred → waiting
    await insertQueuedMessage({ nextAttemptAt: future, attempts: 2 }); // deferred → waiting
    await insertQueuedMessage({ nextAttemptAt: past, attempts: 1 }); // retried before, due again → waiting
    await insertQueuedMessage({ nextAttemptAt: future }); // scheduled later → waiting
    await insertQueuedMessage({ status: "DELIVERED" });
    await insertQueuedMessage({ status: "FAILED", attempts: 3 });

    const response = await get(`Bearer ${accessToken}`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      counts: { default: 3, waiting: 4, virus: 0, spam: 0, quarantine: 0, throttledUsers: 0, throttledDomains: 0 },
      success: true,
      message: "",
    });
  });

  it("answers an empty queue with zeros", async () => {
    const { accessToken } = await tokenFor();
    expect((await (await get(`Bearer ${accessToken}`)).json()).counts).toMatchObject({ default: 0, waiting: 0 });
  });

  it("answers 401 without a token, with a malformed or forged one, and with a refresh token", async () => {
    const { refreshToken, accessToken } = await tokenFor();
    const [header, payload] = accessToken.split(".");
    const forged = `${header}.${payload}.${"A".repeat(43)}`;

    for (const authorization of [undefined, "Bearer", "Bearer nonsense", `Basic ${accessToken}`, `Bearer ${forged}`, `Bearer ${refreshToken}`]) {
      const response = await get(authorization);
      expect(response.status, String(authorization)).toBe(401);
      expect(await response.json()).toEqual({ success: false, message: "Authorization has been denied for this request." });
    }
  });

  it("answers 401 for an expired token", async () => {
    const { accessToken } = await tokenFor(Date.now() - 16 * MINUTE);

    expect((await get(`Bearer ${accessToken}`)).status).toBe(401);
  });

  it("answers 401 once the admin is removed or has changed password", async () => {
    const { admin, accessToken } = await tokenFor();
    expect((await get(`Bearer ${accessToken}`)).status).toBe(200);

    await getDb().admin.update({ where: { id: admin.id }, data: { passwordHash: "$argon2id$changed" } });
    expect((await get(`Bearer ${accessToken}`)).status).toBe(401);

    const other = await tokenFor();
    await getDb().admin.delete({ where: { id: other.admin.id } });
    expect((await get(`Bearer ${other.accessToken}`)).status).toBe(401);
  });

  it("does not accept a token signed under another secret", async () => {
    const { accessToken } = await tokenFor();
    const original = process.env.NEXTAUTH_SECRET;
    const { getEnv } = await import("@/lib/platform/env");
    const env = getEnv();
    (env as { NEXTAUTH_SECRET: string }).NEXTAUTH_SECRET = "another-secret-another-secret-another-secret";
    try {
      expect((await get(`Bearer ${accessToken}`)).status).toBe(401);
    } finally {
      (env as { NEXTAUTH_SECRET: string }).NEXTAUTH_SECRET = original!;
    }
  });
});
