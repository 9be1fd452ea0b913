import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../platform/db";
import { resetDatabase } from "../../../test/db";
import { getMessageDetail } from "./get-message-detail";
import { messageFilterSchema } from "../../validation/message-filter";
import { decodeMessageCursor, encodeMessageCursor, listMessages } from "./list-messages";

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
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const { items, nextCursor } = await listMessages({ cursor, limit: 3 });
      seen.push(...items.map((item) => item.subject ?? ""));
      if (!nextCursor) break;
      cursor = nextCursor;
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

  it("counts tries, not claims, so the list's Attempts agrees with the detail page's attempts", async () => {
    const { id } = await insertMessage(1);
    // Three claims (one given back, one lost to a crash) but two attempts recorded: the detail page lists two.
    await getDb().message.update({ where: { id }, data: { attempts: 3 } });
    await getDb().deliveryAttempt.createMany({
      data: [1, 2].map((n) => ({ messageId: id, gatewayLabel: "gw", recipients: [], outcome: "DEFERRED" as const, response: "451", startedAt: new Date(n * 1000), durationMs: 1 })),
    });
    const [item] = (await listMessages()).items;
    const detail = await getMessageDetail(id);
    expect(item.tries).toBe(2);
    expect(detail?.deliveryLog).toHaveLength(item.tries);
  });

  it("filters by status and the other fields", async () => {
    await insertMessage(1, "DELIVERED");
    await insertMessage(2);
    expect((await listMessages({ filter: messageFilterSchema.parse({ status: "delivered" }) })).items.map((item) => item.subject)).toEqual(["Message 1"]);
    expect((await listMessages({ filter: messageFilterSchema.parse({ subject: "message 2" }) })).items.map((item) => item.subject)).toEqual(["Message 2"]);
  });

  it("ignores a bad cursor", async () => {
    await insertMessage(1);
    expect((await listMessages({ cursor: "junk" })).items).toHaveLength(1);
    expect((await listMessages({ cursor: "123_'; DROP TABLE messages" })).items).toHaveLength(1);
    expect(decodeMessageCursor(encodeMessageCursor({ createdAt: new Date(5), id: "0b5f4a8e-6f0e-4a8e-9d7e-0e8f7c6b5a41" }))).toEqual({ createdAt: new Date(5), id: "0b5f4a8e-6f0e-4a8e-9d7e-0e8f7c6b5a41" });
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
