import { parseCsvRecords } from "@/test/http/parse-csv";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { signInAs, signOutEveryone } from "@/test/next-request";
import { insertTestMessage, insertTestMessages } from "@/test/queue/insert-test-message";
import { GET } from "./route";

const request = (query = "") => new Request(`http://outgate.test/api/console/messages/csv${query}`);

beforeEach(async () => {
  await resetDatabase();
  signOutEveryone();
});

describe("GET /api/console/messages/csv", () => {
  it("refuses a caller without an admin session", async () => {
    await insertTestMessage({ subject: "Secret plans" });
    const response = await GET(request());
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain("Secret plans");
  });

  it("exports the current filter, newest first, with every recipient and formulas neutralised", async () => {
    await signInAs(await createTestAdmin());
    const older = await insertTestMessage({ from: "app@example.org", to: ["a@example.net", "b@example.net"], subject: "=HYPERLINK(\"http://evil\")", createdAt: new Date("2026-01-01T00:00:00Z") });
    const newer = await insertTestMessage({ from: "app@example.org", to: ["c@example.net"], subject: "Invoice, \"quoted\"", createdAt: new Date("2026-01-02T00:00:00Z") });
    await insertTestMessage({ from: "other@example.org", subject: "Not this one" });
    await getDb().deliveryAttempt.create({ data: { messageId: newer.id, gatewayLabel: "gw one (smtp.test:25)", recipients: ["c@example.net"], outcome: "DELIVERED", response: "250 ok", startedAt: new Date(), durationMs: 5 } });

    const response = await GET(request("?sender=app@example.org"));

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="outgate-messages-.+\.csv"$/);
    const records = parseCsvRecords(await response.text());
    expect(records.map((record) => record.id)).toEqual([newer.id, older.id]);
    expect(records[0]).toMatchObject({ sender: "app@example.org", recipients: "c@example.net", subject: "Invoice, \"quoted\"", gateway: "gw one (smtp.test:25)", attempts: "1", status: "QUEUED", message_id: newer.messageId });
    expect(records[1]).toMatchObject({ recipients: "a@example.net; b@example.net", subject: "'=HYPERLINK(\"http://evil\")", attempts: "0" });
  });

  it("streams more than one batch", async () => {
    await signInAs(await createTestAdmin());
    await insertTestMessages(1205, { subject: "Bulk mail" });
    const text = await (await GET(request("?subject=bulk"))).text();
    expect(parseCsvRecords(text)).toHaveLength(1205);
  });

  it("answers a bad filter with 422 and the field's message", async () => {
    await signInAs(await createTestAdmin());
    const response = await GET(request("?recipient=ab&status=nope"));
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(JSON.stringify(body)).toContain("Type at least 3 characters");
    expect(JSON.stringify(body)).toContain("Choose a status from the list.");
  });
});
