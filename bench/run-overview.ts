/**
 * `npx tsx bench/run-overview.ts`: only the overview figure (bench/figures-overview.ts), without the production build,
 * the server or the SMTP sinks that `npm run bench` starts for its other figures. Its own embedded PostgreSQL in a
 * temporary folder; BENCH_OVERVIEW_N messages (default 1,000,000). The same figure runs in `npm run bench`
 * (BENCH_FIGURES=overview selects it there).
 */
import { overview } from "./figures-overview";
import { runFigureAlone } from "./run-figure-alone";

runFigureAlone("overview", { overviewMessages: Number(process.env.BENCH_OVERVIEW_N ?? 1_000_000) }, overview);
