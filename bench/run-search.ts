/**
 * `npx tsx bench/run-search.ts`: only the search figure (bench/figures-search.ts), without the production build, the
 * server or the SMTP sinks. Its own embedded PostgreSQL in a temporary folder; BENCH_SEARCH_N messages (default
 * 1,000,000). The same figure runs in `npm run bench` as BENCH_FIGURES=search.
 */
import { search } from "./figures-search";
import { runFigureAlone } from "./run-figure-alone";

runFigureAlone("search", { searchMessages: Number(process.env.BENCH_SEARCH_N ?? 1_000_000) }, search);
