import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runStatement, runStatementWithPlannerSettings } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { insertTestMessages } from "@/test/queue/insert-test-message";
import { PENDING_SWEEP, SWEEP_PLANNER_SETTINGS } from "./apply-pending-actions";

async function explain(settings: Readonly<Record<string, "on" | "off">>): Promise<string> {
  const rows = await runStatementWithPlannerSettings<{ "QUERY PLAN": string }>(settings, `EXPLAIN (ANALYZE, COSTS OFF) ${PENDING_SWEEP}`);
  return rows.map((row) => row["QUERY PLAN"]).join("\n");
}

describe("applyPendingActions' sweep", () => {
  beforeEach(resetDatabase);
  // The statistics set below must not steer the plans of the tests that share this database.
  afterEach(async () => {
    await runStatement(`SELECT pg_clear_relation_stats('public', 'messages'), pg_clear_attribute_stats('public', 'messages', 'pending_action', false)`, []);
  });

  it("reads only the pending-action index, even with statistics that say most messages have an action", async () => {
    await insertTestMessages(3_000);
    // What PostgreSQL assumes of a table it has no statistics for (a fresh install, or right after a burst): most rows
    // have an action. PostgreSQL 18 can set such statistics; without them the guess came from the table's size.
    await runStatement(
      `SELECT pg_restore_relation_stats('schemaname', 'public', 'relname', 'messages', 'reltuples', 3000::real),
              pg_restore_attribute_stats('schemaname', 'public', 'relname', 'messages', 'attname', 'pending_action',
                                         'inherited', false, 'null_frac', 0.0::real)`,
      [],
    );

    // The danger is real: left to itself, the planner reads the whole table on every tick.
    expect(await explain({})).toMatch(/Seq Scan on messages/);
    const plan = await explain(SWEEP_PLANNER_SETTINGS);
    expect(plan).toMatch(/Index Scan using messages_pending_action_idx/);
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
