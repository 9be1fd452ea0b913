import { describe, expect, it } from "vitest";
import { runStatement } from "./db";
import { runSearchStatement } from "./run-search-statement";

const setting = "SELECT current_setting('max_parallel_workers_per_gather') AS workers";

describe("runSearchStatement", () => {
  it("runs its statement without parallel workers, and leaves the connection as it found it", async () => {
    const before = (await runStatement<{ workers: string }>(setting, []))[0].workers;
    expect(before).not.toBe("0");
    expect(await runSearchStatement<{ workers: string; n: number }>(`${setting}, $1::int AS n`, [7])).toEqual([{ workers: "0", n: 7 }]);
    // SET LOCAL ends with the transaction: the pool's next statements plan as before, on every connection.
    const after = await Promise.all(Array.from({ length: 5 }, () => runStatement<{ workers: string }>(setting, [])));
    expect(after.map((rows) => rows[0].workers)).toEqual(Array(5).fill(before));
  });

  it("passes the statement's error on", async () => {
    await expect(runSearchStatement("SELECT 1 FROM no_such_table", [])).rejects.toThrow(/no_such_table/);
  });
});
