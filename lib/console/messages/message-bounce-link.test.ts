import { beforeEach, describe, expect, it } from "vitest";
import type { DeliveryReport } from "@/lib/engine/delivery/deliver-message";
import { claimMessages } from "@/lib/engine/queue/claim-messages";
import { completeMessages } from "@/lib/engine/queue/complete-messages";
import { prepareBounce } from "@/lib/engine/queue/prepare-bounce";
import { DEFAULT_RETRY_SCHEDULE } from "@/lib/engine/queue/retry-schedule";
import { getDb } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { insertTestMessage } from "@/test/queue/insert-test-message";
import { getMessageDetail } from "./get-message-detail";

describe("a message and its DSN", () => {
  beforeEach(resetDatabase);

  it("link to each other: the original lists its DSN, the DSN names the original", async () => {
    const { id } = await insertTestMessage({ from: "alice@sender.example", to: ["gone@example.net"] });
    const claim = await claimMessages({ limit: 1, leaseSeconds: 60 });
    const [message] = claim.messages;
    const report: DeliveryReport = {
      recipients: message.recipients.map((r) => ({ recipient: r.address, status: "failed", code: 550, response: "550 no such user", failover: false })),
      attempts: [{ gatewayId: null, gatewayLabel: "test", recipients: ["gone@example.net"], outcome: "FAILED", smtpCode: 550, response: "550 no such user", startedAt: new Date(), durationMs: 1 }],
      lastError: "550 no such user",
      gatewayId: null,
      gatewayAddress: null,
    };
    await completeMessages({
      leaseToken: claim.leaseToken,
      completions: [{ message, report }],
      schedule: DEFAULT_RETRY_SCHEDULE,
      prepareBounce: (original, failed, result) => prepareBounce(original, failed, result, { bouncesEnabled: true, reportingMta: "mx.test" }),
    });
    const dsn = await getDb().message.findFirstOrThrow({ where: { isBounce: true }, select: { id: true } });

    expect((await getMessageDetail(id))?.bounces).toEqual([{ id: dsn.id }]);
    expect((await getMessageDetail(dsn.id))?.bounceOfId).toBe(id);

    // Deleting the original keeps the DSN, unlinked.
    await getDb().message.delete({ where: { id } });
    expect((await getMessageDetail(dsn.id))?.bounceOfId).toBeNull();
  });
});
