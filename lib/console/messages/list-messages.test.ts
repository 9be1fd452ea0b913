import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../platform/db";
import { resetDatabase } from "../../../test/db";
import { getMessageDetail } from "./get-message-detail";
import { listMessages, parseMessageStatus } from "./list-messages";

async function insertMessage(index: number, status: "QUEUED" | "DELIVERED" = "QUEUED") {
  return getDb().message.create({
    data: {
      messageId: `m${index}@example.com`,
      envelopeFrom: "a@example.com",
      senderDomain: "example.com",
      subject: `Message ${index}`,
      raw: new Uint8Array(Buffer.from("x")),
      size: 1,
      status,
      lastError: status === "QUEUED" ? "451 try later" : null,
      // Several share a timestamp, so the cursor must break ties by id.
      createdAt: new Date(Date.UTC(2030, 0, 1, 0, 0, Math.floor(index / 3))),
      recipients: { create: [1, 2, 3, 4].map((n) => ({ address: `r${n}@dest.example` })) },
    },
    select: { id: true },
  });
}

describe("listMessages", () => {
  beforeEach(resetDatabase);

  it("pages newest first without skipping or repeating, with recipients and the last gateway", async () => {
    const ids: string[] = [];
    for (let index = 0; index < 7; index++) ids.push((await insertMessage(index)).id);
    await getDb().deliveryAttempt.createMany({
      data: [
        { messageId: ids[6], gatewayLabel: "old gw", recipients: [], outcome: "FAILOVER", response: "x", startedAt: new Date(1000), durationMs: 1 },
        { messageId: ids[6], gatewayLabel: "new gw", recipients: [], outcome: "DEFERRED", response: "y", startedAt: new Date(2000), durationMs: 1 },
      ],
    });

    const seen: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 5; page++) {
      const { items, nextBefore } = await listMessages({ before, limit: 3 });
      seen.push(...items.map((item) => item.subject ?? ""));
      if (!nextBefore) break;
      before = nextBefore;
    }
    // Ties on createdAt come in id order (descending), the order the cursor relies on.
    const expected = [6, 5, 4, 3, 2, 1, 0]
      .map((n) => ({ n, id: ids[n], second: Math.floor(n / 3) }))
      .sort((a, b) => b.second - a.second || (a.id < b.id ? 1 : -1))
      .map(({ n }) => `Message ${n}`);
    expect(seen).toEqual(expected);

    const first = (await listMessages({ limit: 1 })).items[0];
    expect(first).toMatchObject({ recipients: ["r1@dest.example", "r2@dest.example", "r3@dest.example"], recipientCount: 4, gatewayLabel: "new gw", lastError: "451 try later" });
    expect(first).not.toHaveProperty("raw");
  });

  it("filters by status", async () => {
    await insertMessage(1, "DELIVERED");
    await insertMessage(2);
    expect((await listMessages({ status: "DELIVERED" })).items.map((item) => item.subject)).toEqual(["Message 1"]);
    expect(parseMessageStatus("delivered")).toBe("DELIVERED");
    expect(parseMessageStatus("bogus")).toBeUndefined();
    expect(parseMessageStatus(["queued"])).toBeUndefined();
  });

  it("ignores a bad cursor", async () => {
    await insertMessage(1);
    expect((await listMessages({ before: "junk" })).items).toHaveLength(1);
  });
});

describe("getMessageDetail", () => {
  beforeEach(resetDatabase);

  it("returns recipients and attempts, scoped to an API key when asked", async () => {
    const { id } = await insertMessage(1);
    const detail = await getMessageDetail(id);
    expect(detail?.recipients).toHaveLength(4);
    expect(detail).not.toHaveProperty("raw");
    expect(await getMessageDetail(id, { apiKeyId: "00000000-0000-4000-8000-000000000000" })).toBeNull();
    expect(await getMessageDetail("not-a-uuid")).toBeNull();
  });
});
