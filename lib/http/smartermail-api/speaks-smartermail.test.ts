import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as authenticateUser } from "@/app/api/v1/auth/authenticate-user/route";
import { GET as spoolMessageCounts } from "@/app/api/v1/settings/sysadmin/spool-message-counts/route";
import { createSmarterMailClient } from "@/lib/engine/smartermail/client";
import { clearSmarterMailTokenCache } from "@/lib/engine/smartermail/token-cache";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { insertQueuedMessage } from "@/test/smartermail/insert-queued-message";
import { serveRouteHandlers } from "@/test/smartermail/serve-route-handlers";

// Outgate's routes behind a real HTTP server, under a path prefix as behind a proxy, read by the same
// client that reads real SmarterMail servers: proof that one Outgate can be another's SmarterMail gateway.
const PREFIX = "/outgate";
let server: Awaited<ReturnType<typeof serveRouteHandlers>>;

beforeAll(async () => {
  server = await serveRouteHandlers({
    [`POST ${PREFIX}/api/v1/auth/authenticate-user`]: authenticateUser,
    [`GET ${PREFIX}/api/v1/settings/sysadmin/spool-message-counts`]: spoolMessageCounts,
  });
});
afterAll(() => server.close());
beforeEach(async () => {
  await resetDatabase();
  clearSmarterMailTokenCache();
});

describe("the SmarterMail client against Outgate's own API", () => {
  it("logs in with an admin's credentials and reads the queue as spool counts", async () => {
    await createTestAdmin({ email: "peer@example.test", password: "peer admin password" });
    await insertQueuedMessage();
    await insertQueuedMessage();
    await insertQueuedMessage({ attempts: 1, nextAttemptAt: new Date(Date.now() + 600_000) });
    const client = createSmarterMailClient({ url: `${server.url}${PREFIX}/`, username: "peer@example.test", password: "peer admin password" });

    expect(await client.getSpoolCounts()).toMatchObject({ default: 2, waiting: 1, raw: { default: 2, waiting: 1, virus: 0, spam: 0 } });
    expect(await client.testConnection()).toMatchObject({ ok: true, emailAddress: "peer@example.test", spool: { default: 2, waiting: 1 } });
  });

  it("reports wrong credentials as auth_failed with Outgate's message", async () => {
    await createTestAdmin({ email: "peer@example.test", password: "peer admin password" });
    const client = createSmarterMailClient({ url: `${server.url}${PREFIX}`, username: "peer@example.test", password: "nope" });

    const result = await client.testConnection();

    expect(result).toMatchObject({ ok: false, error: { kind: "auth_failed", message: "auth failed" } });
    // What Outgate saw, never the remote server's own text (issue 12, kind 10).
    expect(result.ok || result.error.details).toMatch(/^login as "peer@example\.test": credent/);
    expect(result.ok || result.error.details).not.toContain("Invalid username or password");
  });

  it("logs in again when Outgate stops accepting its token (admin password changed)", async () => {
    const admin = await createTestAdmin({ email: "peer@example.test", password: "peer admin password" });
    const client = createSmarterMailClient({ url: `${server.url}${PREFIX}`, username: "peer@example.test", password: "peer admin password" });
    await client.getSpoolCounts();

    const { getDb } = await import("@/lib/platform/db");
    const { hashPassword } = await import("@/lib/platform/password");
    await getDb().admin.update({ where: { id: admin.id }, data: { passwordHash: await hashPassword("peer admin password") } });

    expect(await client.getSpoolCounts()).toMatchObject({ default: 0, waiting: 0 });
  });
});
