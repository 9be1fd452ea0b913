import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearSpoolCountCache, peekSpoolCounts } from "@/lib/engine/smartermail/spool-count-cache";
import { clearSmarterMailTokenCache } from "@/lib/engine/smartermail/token-cache";
import { resetDatabase } from "@/test/db";
import { createSpoolTestGateway } from "@/test/smartermail/create-smartermail-gateway";
import { startFakeSmarterMail, type FakeSmarterMail } from "@/test/smartermail/start-fake-smartermail";
import { createSpoolBalancerForRouting } from "./spool-balancing";

const fakes: FakeSmarterMail[] = [];

beforeEach(async () => {
  await resetDatabase();
  clearSpoolCountCache();
  clearSmarterMailTokenCache();
});
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function smartermailGateway(spool: number) {
  const fake = await startFakeSmarterMail({ counts: { default: spool, waiting: 0 } });
  fakes.push(fake);
  return createSpoolTestGateway({ smartermail: { url: fake.url, username: "admin", password: "secret" } });
}

describe("createSpoolBalancerForRouting", () => {
  it("starts as plain round robin, reads the spools in the background, then prefers the emptiest", async () => {
    const busy = await smartermailGateway(5);
    const idle = await smartermailGateway(1);
    const ring = [{ id: busy }, { id: idle }];
    const t0 = Date.now();

    expect(createSpoolBalancerForRouting(t0)(ring).map((gateway) => gateway.id)).toEqual([busy, idle]);
    await vi.waitFor(() => expect(peekSpoolCounts([busy, idle]).size).toBe(2));

    const balance = createSpoolBalancerForRouting(t0 + 1);
    // idle (1) takes messages until it catches up with busy (5), then they alternate.
    expect(Array.from({ length: 6 }, () => balance(ring)[0].id)).toEqual([idle, idle, idle, idle, busy, idle]);
    expect(fakes.map((fake) => fake.spoolCalls)).toEqual([1, 1]);
  });
});
