import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { encryptSecret } from "@/lib/platform/secret-box";
import { getDb } from "@/lib/platform/db";
import { readGatewaySpoolCounts } from "@/lib/engine/routing/read-gateway-spool-counts";
import { clearSpoolCountCache } from "@/lib/engine/smartermail/spool-count-cache";
import { clearSmarterMailTokenCache } from "@/lib/engine/smartermail/token-cache";
import { insertTestMessages } from "@/test/queue/insert-test-message";
import { startFakeSmarterMail, type FakeSmarterMail } from "@/test/smartermail/start-fake-smartermail";
import { setUpEngineTests } from "./engine-test-kit";

const kit = setUpEngineTests();
const fakes: FakeSmarterMail[] = [];

beforeEach(() => {
  clearSpoolCountCache();
  clearSmarterMailTokenCache();
});
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

/** A round-robin gateway that is a real SMTP sink and reports `spool` waiting messages over SmarterMail's API. */
async function smarterMailGateway(spool: number) {
  const [smtp, fake] = await Promise.all([kit.startServer(), startFakeSmarterMail({ counts: { default: spool, waiting: 0 } })]);
  fakes.push(fake);
  await getDb().gateway.create({
    data: {
      description: `spool ${spool}`,
      address: "127.0.0.1",
      port: smtp.port,
      encryption: "NONE",
      type: "ROUND_ROBIN",
      smartermailEnabled: true,
      smartermailUrl: fake.url,
      smartermailUsername: "admin",
      smartermailPasswordEnc: encryptSecret("secret"),
    },
  });
  return smtp;
}

async function useLeastSpool() {
  await getDb().deliverySettings.update({ where: { id: 1 }, data: { balancing: "LEAST_SPOOL" } });
}

describe("least-spool balancing", () => {
  it("sends to the gateway whose SmarterMail spool is emptier", async () => {
    const busy = await smarterMailGateway(40);
    const idle = await smarterMailGateway(0);
    await useLeastSpool();
    await readGatewaySpoolCounts();
    await insertTestMessages(12);

    expect(await kit.drain({ batchSize: 12 })).toMatchObject({ delivered: 12 });

    // The idle gateway takes everything: even after 12 more it is still below the busy one's 40.
    expect([busy.messages.length, idle.messages.length]).toEqual([0, 12]);
  });

  it("falls back to plain round robin while no spool count has been read (stale counts: lib/engine/routing/order-by-spool.test.ts)", async () => {
    const busy = await smarterMailGateway(40);
    const idle = await smarterMailGateway(0);
    await useLeastSpool();
    // No reading yet (the cache is empty): gateways take turns.
    await insertTestMessages(12);

    expect(await kit.drain({ batchSize: 12 })).toMatchObject({ delivered: 12 });

    expect([busy.messages.length, idle.messages.length]).toEqual([6, 6]);
  });

  it("is plain round robin when the setting is off, whatever the spools say", async () => {
    const busy = await smarterMailGateway(40);
    const idle = await smarterMailGateway(0);
    await readGatewaySpoolCounts();
    await insertTestMessages(12);

    await kit.drain({ batchSize: 12 });

    expect([busy.messages.length, idle.messages.length]).toEqual([6, 6]);
  });
});
