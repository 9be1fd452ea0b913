/**
 * Child of the bulk action figure (bench/figures-bulk-action.ts): runs the product's bulk queue action — the count,
 * createQueueActionJob, then runQueueActionJob batch by batch, exactly as the queue action runner does — against
 * DATABASE_URL, in its own process so its pool is the product's. Replies { type: "ran", countMs, ms, total, done,
 * changed } over IPC.
 */
import { countQueueActionTargets } from "../lib/engine/queue/actions/count-queue-action-targets";
import { createQueueActionJob } from "../lib/engine/queue/actions/create-queue-action-job";
import { readQueueActionJob } from "../lib/engine/queue/actions/read-queue-action-job";
import { runQueueActionJob } from "../lib/engine/queue/actions/run-queue-action-job";
import type { QueueActionName } from "../lib/validation/queue-action";

process.on("message", (request: { type: string; action: QueueActionName; status: "QUEUED" | "HELD" }) => {
  if (request.type !== "run") return;
  void (async () => {
    const filter = { status: request.status };
    const c0 = process.hrtime.bigint();
    await countQueueActionTargets(request.action, { filter });
    const countMs = Number(process.hrtime.bigint() - c0) / 1e6;
    const t0 = process.hrtime.bigint();
    const job = await createQueueActionJob({ action: request.action, reason: "bench", actor: "bench@outgate" }, { filter });
    await runQueueActionJob({ id: job.id });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const view = await readQueueActionJob(job.id);
    process.send?.({ type: "ran", countMs, ms, total: view?.total, done: view?.done, changed: view?.changed, status: view?.status });
  })().catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
});
process.send?.({ type: "ready" });
