import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { readMessageSourceHead } from "@/lib/console/messages/read-message-source";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { signInAs, signOutEveryone } from "@/test/next-request";
import { insertTestMessage } from "@/test/queue/insert-test-message";
import { GET } from "./route";

const request = (id: string) => new Request(`http://outgate.test/api/console/messages/${id}/eml`);
const rawOf = async (id: string) => Buffer.from((await getDb().message.findUniqueOrThrow({ where: { id }, select: { raw: true } })).raw);

beforeEach(async () => {
  await resetDatabase();
  signOutEveryone();
});

// A new-user trial found no way to see a message as stored: the detail page had neither its source nor a download.
describe("GET /api/console/messages/<id>/eml", () => {
  it("refuses a caller without an admin session, showing nothing of the message", async () => {
    const message = await insertTestMessage({ subject: "Secret plans" });
    const response = await GET(request(message.id));
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain("Secret plans");
  });

  it("answers the stored octets exactly, as a message/rfc822 attachment, nosniff and not cached", async () => {
    await signInAs(await createTestAdmin());
    const message = await insertTestMessage({ subject: "<script>alert(1)</script> Grüße" });

    const response = await GET(request(message.id));

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("message/rfc822");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="message-${message.id}.eml"`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(Buffer.from(await response.arrayBuffer()).equals(await rawOf(message.id))).toBe(true);
  });

  it("answers 404 for an unknown or malformed id", async () => {
    await signInAs(await createTestAdmin());
    for (const id of [randomUUID(), "not-a-uuid", "..%2F..%2Fetc"]) {
      const response = await GET(request(id));
      expect(response.status, id).toBe(404);
    }
  });
});

describe("readMessageSourceHead", () => {
  it("reads only the first bytes of a large message and says it was cut", async () => {
    const message = await insertTestMessage({ subject: "Large" });
    const raw = await rawOf(message.id);
    const head = await readMessageSourceHead(message.id, 40);
    expect(head).toMatchObject({ size: raw.length, truncated: true, subject: "Large" });
    expect(head!.head.equals(raw.subarray(0, 40))).toBe(true);
    expect(await readMessageSourceHead(message.id)).toMatchObject({ truncated: false, size: raw.length });
    expect(await readMessageSourceHead(randomUUID())).toBeNull();
  });
});
