/**
 * Where a worker's time goes: the phases of one batch (claim, routing, SMTP sends, completion), timed in this
 * process with the product's own functions called in the order drain-queue.ts's processBatch calls them.
 * Opt-in figure: BENCH_FIGURES=phases (with BENCH_PHASES_NODELAY=1 to open the SMTP sockets with TCP_NODELAY).
 */
import { createRequire } from "node:module";
import type { BenchContext, Figure } from "../context";
import { truncateQueue } from "../environment";
import { fillQueue } from "../fill-queue";
import { resetSinks } from "../sinks";

export async function drainPhases(ctx: BenchContext): Promise<Figure[]> {
  Object.assign(process.env, ctx.outgateEnv, { OUTGATE_LOG_LEVEL: "silent" });
  if (process.env.BENCH_PHASES_NODELAY === "1") createRequire(__filename)("./nodelay-preload.cjs");
  const { claimMessages } = await import("../../lib/queue/claim-messages");
  const { completeMessages } = await import("../../lib/queue/complete-messages");
  const { runBounded } = await import("../../lib/queue/run-bounded");
  const { deliverMessage } = await import("../../lib/mail/deliver-message");
  const { loadRoutingTable } = await import("../../lib/mail/load-routing-table");
  const { reserveRoundRobinSlots } = await import("../../lib/mail/reserve-round-robin-slots");
  const { chooseGatewaysForBatch, countRoundRobinRoutes } = await import("../../lib/mail/choose-gateways");
  const { getDeliverySettings } = await import("../../lib/settings/get-delivery-settings");

  const n = ctx.config.drainN;
  await truncateQueue(ctx.sql);
  await resetSinks(ctx.sinks);
  await fillQueue(ctx.sql, { count: n + 200, notify: false });
  const phases = { claim: [] as number[], route: [] as number[], send: [] as number[], complete: [] as number[] };
  const settings = await getDeliverySettings();
  const now = () => Number(process.hrtime.bigint()) / 1e6;
  for (let batch = 0; batch * 100 < n + 200; batch++) {
    const t0 = now();
    const claim = await claimMessages({ limit: 100, leaseSeconds: 300 });
    const t1 = now();
    const domains = claim.messages.map((message) => message.senderDomain);
    const table = await loadRoutingTable(domains);
    const routes = chooseGatewaysForBatch(domains, table, await reserveRoundRobinSlots(countRoundRobinRoutes(domains, table)));
    const t2 = now();
    const context = { failedGateways: new Map(), onGatewayFailure: async () => {}, transportSettings: { ehloName: "localhost" } };
    const reports = await runBounded(claim.messages, 20, (message, index) =>
      deliverMessage({ ...message, recipients: message.recipients.map((r) => r.address) }, routes[index], context),
    );
    const t3 = now();
    await completeMessages({
      leaseToken: claim.leaseToken,
      completions: claim.messages.map((message, index) => ({ message, report: reports[index] })),
      schedule: { delaysSeconds: settings.retryDelaysSeconds, maxLifetimeSeconds: settings.maxLifetimeSeconds },
    });
    const t4 = now();
    // The first two batches open the SMTP pools and compile Prisma's queries: not counted.
    if (batch < 2) continue;
    phases.claim.push(t1 - t0);
    phases.route.push(t2 - t1);
    phases.send.push(t3 - t2);
    phases.complete.push(t4 - t3);
  }
  const { closeAllTransports } = await import("../../lib/mail/transport-pool");
  closeAllTransports();
  return Object.entries(phases).map(([phase, values]) => ({ figure: `phase_${phase}`, label: `Batch of 100: ${phase}`, unit: "ms", values }));
}
