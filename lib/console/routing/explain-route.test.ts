import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { windowStartOf } from "@/lib/engine/routing/rate-limits";
import { resetDatabase } from "@/test/db";
import { createTestGateway, orderedId } from "@/test/engine/create-test-gateway";
import { explainRoute } from "./explain-route";

const SENDER = "news@shop.example";

async function hostDomain(data: { gatewayId?: string; failoverToRoundRobin?: boolean; perHourLimit?: number; limitAction?: "DELAY" | "REJECT" } = {}) {
  return getDb().domain.create({ data: { name: "shop.example", ...data } });
}

function fillWindow(subject: string, windowSeconds: number, used: number) {
  return getDb().rateWindow.create({ data: { subject, windowSeconds, windowStart: windowStartOf(new Date(), windowSeconds), used } });
}

const texts = (explanation: Awaited<ReturnType<typeof explainRoute>>) => explanation.steps.map((step) => `${step.topic}/${step.verdict}: ${step.text}`);

describe("explainRoute", () => {
  beforeEach(resetDatabase);

  it("names the round-robin gateway of the next turn, and the others as fallbacks in order", async () => {
    await createTestGateway({ id: orderedId(1), port: 2501, description: "alpha" });
    await createTestGateway({ id: orderedId(2), port: 2502, description: "beta" });
    await hostDomain();
    const explanation = await explainRoute({ sender: SENDER, recipient: "someone@example.net" });
    expect(explanation.gateway).toEqual({ id: orderedId(1), description: "alpha" });
    expect(explanation.fallbacks).toEqual([{ id: orderedId(2), description: "beta" }]);
    expect(texts(explanation)).toEqual(
      expect.arrayContaining([
        "domain/info: shop.example is hosted and uses the round-robin gateways.",
        expect.stringMatching(/^route\/info: Round robin over "alpha" ×1, "beta" ×1; the shared cursor is at turn 0/),
        expect.stringMatching(/^gateway\/ok: "alpha" \(round-robin gateway \(weight 1\)\) is enabled and healthy, with no sending limit\.$/),
        expect.stringMatching(/^recipient\/info: The recipient someone@example\.net does not change the route/),
      ]),
    );
    expect(explanation.summary).toBe('The next message from news@shop.example would go to "alpha"; if it failed, then "beta".');
  });

  it("skips a gateway an answer rule suspended and says by which rule, until when", async () => {
    await createTestGateway({ id: orderedId(1), port: 2501, description: "alpha" });
    await createTestGateway({ id: orderedId(2), port: 2502, description: "beta" });
    const until = new Date(Date.now() + 10 * 60_000);
    await getDb().gatewayHealth.create({ data: { gatewayId: orderedId(1), suspendedUntil: until, cooldownUntil: until, ruleFired: 'Rule "Gmail": suspend the gateway for 10 min — 421 4.7.0 rate limited' } });
    await getDb().gatewayAnswerRule.create({ data: { name: "SES throttling", position: 1, matchText: "Maximum sending rate", action: "SUSPEND_GATEWAY", minutes: 1 } });
    const explanation = await explainRoute({ sender: SENDER, recipient: null });
    expect(explanation.gateway?.description).toBe("beta");
    expect(explanation.fallbacks).toEqual([]);
    const step = explanation.steps.find((candidate) => candidate.gatewayId === orderedId(1) && candidate.verdict === "skip");
    expect(step?.text).toMatch(/^"alpha" \(round-robin gateway \(weight 1\)\) is suspended until .* UTC by Rule "Gmail": suspend the gateway for 10 min/);
    expect(texts(explanation)).toContain('rule/info: Answer rules watching "beta"\'s answers: SES throttling.');
  });

  it("names the limit that diverted the mail, with its use, when a round-robin gateway's window is full", async () => {
    await createTestGateway({ id: orderedId(1), port: 2501, description: "alpha" });
    await createTestGateway({ id: orderedId(2), port: 2502, description: "beta" });
    await getDb().gateway.update({ where: { id: orderedId(1) }, data: { perHourLimit: 500 } });
    await fillWindow(`gateway:${orderedId(1)}`, 3600, 500);
    const explanation = await explainRoute({ sender: SENDER, recipient: null });
    expect(explanation.gateway?.description).toBe("beta");
    expect(texts(explanation)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^limit\/skip: "alpha": limit 500 per hour — 500 \/ 500 this hour, room again at .* UTC\.$/),
        'gateway/skip: "alpha" is at its limit (500 / 500 this hour): the mail overflows to the next gateway.',
      ]),
    );
  });

  it("holds the mail of a Specific Domains gateway at its limit when the domain does not fail over", async () => {
    const pinned = await createTestGateway({ id: orderedId(1), port: 2501, description: "dedicated", type: "SPECIFIC_DOMAINS" });
    await createTestGateway({ id: orderedId(2), port: 2502, description: "shared" });
    await getDb().gateway.update({ where: { id: pinned.id }, data: { perMinuteLimit: 60 } });
    await fillWindow(`gateway:${pinned.id}`, 60, 61);
    await hostDomain({ gatewayId: pinned.id });
    const explanation = await explainRoute({ sender: SENDER, recipient: null });
    expect(explanation.gateway).toBeNull();
    expect(explanation.summary).toBe("The next message from news@shop.example would wait in the queue.");
    expect(texts(explanation)).toEqual(
      expect.arrayContaining([
        'domain/info: shop.example is assigned to "dedicated" (Specific Domains, enabled); when it fails the domain waits for it (no failover).',
        'gateway/wait: "dedicated" is at its limit (61 / 60 this minute): the mail waits until its window has room.',
      ]),
    );
  });

  it("says when the domain's own Delay limit holds its mail", async () => {
    await createTestGateway({ id: orderedId(1), port: 2501, description: "alpha" });
    const domain = await hostDomain({ perHourLimit: 100 });
    await fillWindow(`domain:${domain.id}`, 3600, 100);
    const explanation = await explainRoute({ sender: SENDER, recipient: null });
    expect(explanation.gateway).toBeNull();
    expect(texts(explanation)).toContain("limit/wait: shop.example: limit 100 — 100 / 100 this hour: its mail is held until the window has room (Delay).");
  });

  it("shows a draining or disabled gateway as out of the ring, and no gateway at all as queued", async () => {
    await createTestGateway({ id: orderedId(1), port: 2501, description: "alpha", enabled: false });
    const explanation = await explainRoute({ sender: SENDER, recipient: null });
    expect(explanation.gateway).toBeNull();
    expect(texts(explanation)).toEqual(expect.arrayContaining(['route/info: Not in the ring: "alpha" (disabled).', "domain/info: shop.example is not a hosted domain: the API refuses its mail; routing would use round robin."]));
    expect(explanation.summary).toBe("No gateway can take mail from news@shop.example now: it would stay queued and be retried.");
  });
});
