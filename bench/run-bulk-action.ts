/**
 * `npx tsx bench/run-bulk-action.ts`: only the bulk queue action figure (bench/figures-bulk-action.ts), without the
 * production build, the server or the SMTP sinks. Its own embedded PostgreSQL in a temporary folder;
 * BENCH_BULK_ACTION_N messages (default 1,000,000). In `npm run bench` as BENCH_FIGURES=bulk_action.
 */
import { bulkAction } from "./figures-bulk-action";
import { runFigureAlone } from "./run-figure-alone";

runFigureAlone("bulk-action", {}, bulkAction);
