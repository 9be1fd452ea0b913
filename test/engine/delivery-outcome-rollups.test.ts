import { describe, expect, it } from "vitest";
import { NO_GATEWAY_ID } from "@/lib/engine/queue/attempt-duration-buckets";
import { getDb } from "@/lib/platform/db";
import { insertTestMessages } from "@/test/queue/insert-test-message";
import { closedPort, createTestGateway, orderedId } from "./create-test-gateway";
import { setUpEngineTests } from "./engine-test-kit";

const kit = setUpEngineTests();

type Tally = Record<string, number>;

/** gateway:outcome → attempts, as counted from the log itself. */
async function countLoggedAttempts(): Promise<Tally> {
  const rows = await getDb().$queryRaw<{ key: string; n: number }[]>`
    SELECT coalesce(gateway_id::text, ${NO_GATEWAY_ID}) || ':' || outcome AS key, count(*)::int AS n FROM delivery_attempts GROUP BY 1`;
  return Object.fromEntries(rows.map((row) => [row.key, row.n]));
}

async function sumRollup(table: "delivery_outcomes_per_minute" | "delivery_outcomes_per_hour" | "delivery_attempt_totals"): Promise<Tally> {
  const rows = await getDb().$queryRawUnsafe<{ key: string; n: number }[]>(
    `SELECT gateway_id::text || ':' || outcome AS key, sum(attempts)::int AS n FROM ${table} GROUP BY 1`,
  );
  return Object.fromEntries(rows.map((row) => [row.key, row.n]));
}

describe("delivery outcome rollups", () => {
  it("count every logged attempt per gateway and outcome, in the statement that logs them", async () => {
    const good = await kit.startServer({ rejectRecipient: (address) => (address.startsWith("later") ? { code: 451, message: "later" } : null) });
    await createTestGateway({ id: orderedId(1), port: await closedPort() });
    await createTestGateway({ id: orderedId(2), port: good.port });
    await insertTestMessages(6);
    await insertTestMessages(2, { to: ["later@example.net"] });

    await kit.drain({ batchSize: 3 });
    await kit.drain({ batchSize: 3 }); // nothing due: the deferred wait for their retry

    const logged = await countLoggedAttempts();
    expect(logged[`${orderedId(2)}:DELIVERED`]).toBe(6);
    expect(logged[`${orderedId(2)}:DEFERRED`]).toBe(2);
    expect(logged[`${orderedId(1)}:FAILOVER`]).toBeGreaterThan(0);
    expect(await sumRollup("delivery_outcomes_per_minute")).toEqual(logged);
    expect(await sumRollup("delivery_outcomes_per_hour")).toEqual(logged);
    expect(await sumRollup("delivery_attempt_totals")).toEqual(logged);
  });

  it("counts attempts no gateway took under the nil gateway id", async () => {
    await insertTestMessages(2); // no gateway at all: "No usable gateway", deferred

    await kit.drain();

    expect(await sumRollup("delivery_attempt_totals")).toEqual({ [`${NO_GATEWAY_ID}:DEFERRED`]: 2 });
  });
});
