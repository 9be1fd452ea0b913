/**
 * Child of the overview figure (bench/figures-overview.ts): times the product's readOverview — every query the
 * overview page and /api/console/overview run — against DATABASE_URL, in its own process so its connection pool
 * is the product's and points at the seeded database. Replies { type: "times", ms: number[] } over IPC.
 */
import { readOverview } from "../lib/console/overview/read-overview";

process.on("message", (request: { type: string; runs: number }) => {
  if (request.type !== "time") return;
  void (async () => {
    await readOverview(); // warm: connections, plans
    const ms: number[] = [];
    for (let run = 0; run < request.runs; run++) {
      const t0 = process.hrtime.bigint();
      await readOverview();
      ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    process.send?.({ type: "times", ms });
  })().catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
});
process.send?.({ type: "ready" });
