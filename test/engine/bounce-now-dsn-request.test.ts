import { describe, expect, it } from "vitest";
import { applyQueueAction } from "@/lib/engine/queue/actions/apply-queue-action";
import { enqueueMessages } from "@/lib/engine/queue/enqueue-messages";
import { getDb } from "@/lib/platform/db";
import { buildRaw } from "./conformance/conformance-kit";
import { setUpEngineTests } from "./engine-test-kit";

// Bounce now returns mail to its sender as a failure: the sender's RFC 3461 request counts as it does for a gateway's
// 5xx — NOTIFY without FAILURE gets no DSN for that recipient, ENVID and ORCPT come back in the DSN.

setUpEngineTests();
const ADMIN = "ops@outgate.test";

async function queueAsked(recipients: { address: string; notify: ("NEVER" | "SUCCESS" | "FAILURE" | "DELAY")[] | null; orcpt: string | null }[]) {
  const { raw, tag } = buildRaw({ from: "author@example.org", to: recipients.map((r) => r.address) });
  const [row] = await enqueueMessages(
    [
      {
        apiKeyId: null,
        messageId: `${tag}@example.org`,
        envelopeFrom: "author@example.org",
        senderDomain: "example.org",
        subject: "Asked",
        raw,
        recipients: recipients.map((r) => r.address),
        dsn: { ret: "HDRS", envid: "E-7" },
        recipientDsn: recipients.map(({ notify, orcpt }) => ({ notify, orcpt })),
      },
    ],
    { onlyForHostedDomains: false },
  );
  await getDb().message.update({ where: { id: row!.id }, data: { nextAttemptAt: new Date(Date.now() + 3600_000) } });
  return row!.id;
}

const dsnsOf = async (id: string) =>
  (await getDb().message.findMany({ where: { bounceOfId: id }, select: { raw: true } })).map((row) => Buffer.from(row.raw).toString("utf8"));

describe("Bounce now and the sender's DSN request", () => {
  it("reports only recipients whose NOTIFY includes FAILURE (or was not given), with ENVID and ORCPT", async () => {
    const id = await queueAsked([
      { address: "never@dest.example", notify: ["NEVER"], orcpt: null },
      { address: "asked@dest.example", notify: ["FAILURE"], orcpt: "rfc822;Asked@Dest.example" },
      { address: "plain@dest.example", notify: null, orcpt: null },
    ]);
    expect((await applyQueueAction([id], { action: "bounce", actor: ADMIN })).changed).toEqual([id]);
    const [dsn, ...others] = await dsnsOf(id);
    expect(others).toEqual([]);
    expect(dsn).toContain("Original-Envelope-Id: E-7");
    expect(dsn).toMatch(/Original-Recipient: rfc822;Asked@Dest\.example\r\nFinal-Recipient: rfc822; asked@dest\.example\r\nAction: failed/);
    expect(dsn).toContain("Final-Recipient: rfc822; plain@dest.example");
    expect(dsn).not.toContain("never@dest.example>:");
    expect(dsn).not.toContain("Final-Recipient: rfc822; never@dest.example");
  });

  it("sends none when every recipient asked NOTIFY=NEVER", async () => {
    const id = await queueAsked([{ address: "never@dest.example", notify: ["NEVER"], orcpt: null }]);
    expect((await applyQueueAction([id], { action: "bounce", actor: ADMIN })).changed).toEqual([id]);
    expect(await dsnsOf(id)).toEqual([]);
    expect((await getDb().message.findUniqueOrThrow({ where: { id }, select: { status: true } })).status).toBe("FAILED");
  });
});
