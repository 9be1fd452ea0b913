import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../platform/db";
import { resetDatabase } from "../../test/db";
import { enqueueMessage } from "../engine/queue/enqueue-message";
import { isDomainHosted } from "./read-hosted-domain";

describe("isDomainHosted", () => {
  beforeEach(resetDatabase);

  it("sees a domain added a moment ago: a 'not hosted' answer is never remembered", async () => {
    expect(await isDomainHosted("added.example")).toBe(false);
    await getDb().domain.create({ data: { name: "added.example" } });
    expect(await isDomainHosted("added.example")).toBe(true);
  });

  it("may remember a removed domain for a second, but the queue's insert still refuses its mail", async () => {
    await getDb().domain.create({ data: { name: "removed.example" } });
    expect(await isDomainHosted("removed.example")).toBe(true);
    await getDb().domain.delete({ where: { name: "removed.example" } });
    // Within the second after the removal MAIL FROM may still be told "hosted"; whatever it is told, nothing is queued.
    await isDomainHosted("removed.example");
    const stored = await enqueueMessage({
      apiKeyId: null,
      messageId: "m1@removed.example",
      envelopeFrom: "a@removed.example",
      senderDomain: "removed.example",
      subject: null,
      raw: Buffer.from("Subject: x\r\n\r\nbody\r\n"),
      recipients: ["x@dest.example"],
    });
    expect(stored).toBeNull();
    expect(await getDb().message.count()).toBe(0);
  });
});
