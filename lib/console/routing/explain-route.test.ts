import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { windowStartOf } from "@/lib/engine/routing/rate-limits";
import { resetDatabase } from "@/test/db";
import { createTestGateway, orderedId } from "@/test/engine/create-test-gateway";
import { explainRoute } from "./explain-route";
import { waitForWindowRoom } from "@/test/clock-windows";

const SENDER = "news@shop.example";

async function hostDomain(data: { gatewayId?: string; failoverToRoundRobin?: boolean; perHourLimit?: number; limitAction?: "DELAY" | "REJECT" } = {}) {
  return getDb().domain.create({ data: { name: "shop.example", ...data } });
}

/** A full window now; starts a fresh one first when less than 5 s are left, so the explanation reads the same window. */
async function fillWindow(subject: string, windowSeconds: number, used: number) {
  await waitForWindowRoom(windowSeconds * 1000, 5_000);
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
    await hostDomain();
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
    await hostDomain();
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
    expect(explanation.summary).toMatch(/^The next message from news@shop\.example would wait in the queue until .* UTC\.$/);
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
    await hostDomain();
    const explanation = await explainRoute({ sender: SENDER, recipient: null });
    expect(explanation.gateway).toBeNull();
    expect(texts(explanation)).toEqual(expect.arrayContaining(['route/info: Not in the ring: "alpha" (disabled).']));
    expect(explanation.summary).toBe("No gateway can take mail from news@shop.example now: it would stay queued and be retried.");
  });

  it("answers only that Outgate refuses a sender whose domain is not hosted: no gateway, no route", async () => {
    await createTestGateway({ id: orderedId(1), port: 2501, description: "alpha" });
    const explanation = await explainRoute({ sender: "someone@elsewhere.example", recipient: null });
    expect(explanation.summary).toBe("Outgate refuses this sender: domain not hosted (422)");
    expect(explanation.gateway).toBeNull();
    expect(explanation.fallbacks).toEqual([]);
    expect(explanation.steps).toEqual([
      { topic: "domain", verdict: "refuse", gatewayId: null, text: expect.stringMatching(/^Outgate refuses this sender: domain not hosted \(422\): elsewhere\.example is not a hosted domain/) },
    ]);
  });

  it("answers 429 for a domain whose Reject limit is full, naming no gateway", async () => {
    await createTestGateway({ id: orderedId(1), port: 2501, description: "alpha" });
    const domain = await hostDomain({ perHourLimit: 100, limitAction: "REJECT" });
    await fillWindow(`domain:${domain.id}`, 3600, 100);
    const explanation = await explainRoute({ sender: SENDER, recipient: null });
    expect(explanation.gateway).toBeNull();
    expect(explanation.summary).toMatch(/^Outgate refuses new mail from this sender: shop\.example reached its sending limit \(429, room again at .* UTC\)\.$/);
    expect(texts(explanation)).toContain("limit/refuse: shop.example: limit 100 — 100 / 100 this hour: new mail is refused with 429 (Reject).");
    expect(explanation.steps.some((step) => step.topic === "gateway")).toBe(false);
  });

  it("reads a Down gateway in cool-down as skipped, with the reason and until when, and names the healthy one", async () => {
    await createTestGateway({ id: orderedId(1), port: 2501, description: "alpha" });
    await createTestGateway({ id: orderedId(2), port: 2502, description: "beta" });
    await hostDomain();
    const until = await markDown(orderedId(1));
    const explanation = await explainRoute({ sender: SENDER, recipient: null });
    expect(explanation.gateway).toEqual({ id: orderedId(2), description: "beta" });
    const step = explanation.steps.find((candidate) => candidate.gatewayId === orderedId(1) && candidate.topic === "gateway");
    expect(step?.verdict).toBe("skip");
    expect(step?.text).toContain(`"alpha" (round-robin gateway (weight 1)) is Down (its last probe at `);
    expect(step?.text).toContain(`failed: "connection: ECONNREFUSED") and in cool-down until ${until}: skipped while a healthy gateway can take the mail`);
    expect(explanation.steps.every((candidate) => !(candidate.gatewayId === orderedId(1) && candidate.verdict === "ok"))).toBe(true);
    expect(explanation.summary).toBe(`The next message from news@shop.example would go to "beta"; if it failed, then "alpha" (in cool-down until ${until}).`);
  });

  it("never headlines a Down gateway: with no healthy one left the mail is tried there only as the last resort", async () => {
    await createTestGateway({ id: orderedId(1), port: 2501, description: "alpha" });
    await hostDomain();
    const until = await markDown(orderedId(1));
    const explanation = await explainRoute({ sender: SENDER, recipient: null });
    expect(explanation.gateway).toBeNull();
    expect(explanation.fallbacks).toEqual([{ id: orderedId(1), description: "alpha" }]);
    const step = explanation.steps.find((candidate) => candidate.gatewayId === orderedId(1) && candidate.topic === "gateway");
    expect(step?.verdict).toBe("wait");
    expect(step?.text).toContain(`in cool-down until ${until}: no healthy gateway is left`);
    expect(explanation.summary).toBe('No healthy gateway can take mail from news@shop.example now: the next message would still be tried on "alpha" (in cool-down) as the last resort, and wait in the queue for its retry if that fails.');
  });

  it("says until when the mail waits when every gateway it may use is suspended by an answer rule", async () => {
    await createTestGateway({ id: orderedId(1), port: 2501, description: "alpha" });
    await hostDomain();
    const until = new Date(Date.now() + 10 * 60_000);
    await getDb().gatewayHealth.create({ data: { gatewayId: orderedId(1), suspendedUntil: until, cooldownUntil: until, ruleFired: 'Rule "SES": suspend' } });
    const explanation = await explainRoute({ sender: SENDER, recipient: null });
    expect(explanation.gateway).toBeNull();
    expect(explanation.summary).toMatch(/^The next message from news@shop\.example would wait in the queue until .* UTC: every gateway that could take it is suspended by an answer rule\.$/);
  });
});

/** The health grid's Down: the last probe failed a minute ago (nothing succeeded since), and the failed probe's cool-down runs 5 more minutes. Returns its end as the page writes it. */
async function markDown(gatewayId: string): Promise<string> {
  const cooldownUntil = new Date(Math.floor(Date.now() / 1000) * 1000 + 5 * 60_000);
  await getDb().gatewayHealth.create({
    data: { gatewayId, probedAt: new Date(Date.now() - 60_000), probeOk: false, probeError: "connection: ECONNREFUSED", cooldownUntil, lastFailureAt: new Date(Date.now() - 60_000), lastError: "connection: ECONNREFUSED" },
  });
  return `${cooldownUntil.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
