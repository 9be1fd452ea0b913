import { beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { signInAs, signOutEveryone } from "@/test/next-request";
import { insertTestMessage } from "@/test/queue/insert-test-message";
import { GET } from "./route";

const request = (query = "") => new Request(`http://outgate.test/api/console/messages${query}`);

beforeEach(async () => {
  await resetDatabase();
  signOutEveryone();
});

describe("GET /api/console/messages (Live mode)", () => {
  it("refuses a caller without an admin session", async () => {
    await insertTestMessage({ subject: "Secret plans" });
    const response = await GET(request());
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain("Secret plans");
  });

  it("answers the newest page of the filter as display rows, with the counts per status", async () => {
    await signInAs(await createTestAdmin());
    const match = await insertTestMessage({ subject: "Password reset for Bob" });
    await insertTestMessage({ subject: "Newsletter" });

    const response = await GET(request("?subject=reset&status=queued"));

    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body.rows.map((row: { id: string }) => row.id)).toEqual([match.id]);
    expect(body.rows[0]).toMatchObject({ subject: "Password reset for Bob", status: "QUEUED", tries: 0, gatewayIsLastTried: true });
    expect(body.counts).toEqual({ byStatus: { QUEUED: 1 }, total: 1, capped: false, floors: [] });
  });

  it("answers a bad filter with 422", async () => {
    await signInAs(await createTestAdmin());
    expect((await GET(request("?gatewayId=1%27%20OR%201=1"))).status).toBe(422);
  });
});
