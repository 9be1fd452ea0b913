/**
 * Child of the search figure (bench/figures-search.ts): times, for each kind in bench/search-kinds.ts, what the
 * Messages page runs for a search — listMessages and countMessagesByFilter, side by side as the page does — against
 * DATABASE_URL through the product's pool. Replies { type: "times", ms: { [kind]: number[] } } over IPC.
 */
import { listMessages } from "../lib/console/messages/list-messages";
import { countMessagesByFilter } from "../lib/engine/queue/select-messages-by-filter";
import { messageFilterSchema } from "../lib/validation/message-filter";
import { SEARCH_KINDS } from "./search-kinds";

process.on("message", (request: { type: string; runs: number }) => {
  if (request.type !== "time") return;
  void (async () => {
    const ms: Record<string, number[]> = {};
    for (const kind of SEARCH_KINDS) {
      const filter = messageFilterSchema.parse(kind.filter);
      const page = () => Promise.all([listMessages({ filter }), countMessagesByFilter(filter)]);
      await page(); // warm: connections, plans, the pages this search reads
      ms[kind.name] = [];
      for (let run = 0; run < request.runs; run++) {
        const t0 = process.hrtime.bigint();
        await page();
        ms[kind.name].push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }
    process.send?.({ type: "times", ms });
  })().catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
});
process.send?.({ type: "ready" });
