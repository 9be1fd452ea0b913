import type pg from "pg";
import type { Sink } from "./sinks";

export type BenchConfig = {
  quick: boolean;
  runs: number;
  /** Messages per drain run (figure 2). */
  drainN: number;
  /** Requests per submit run (figure 1) and per end-to-end run (figure 3). */
  submitN: number;
  endToEndN: number;
  concurrency: number;
  /** Messages per POST /api/v1/messages/batch request, and connections for the batch figures. */
  batchSize: number;
  batchConcurrency: number;
  rawN: number;
  scaleSmall: number;
  scaleLarge: number;
  /** Messages counted for the windowed drain rate with the large backlog. */
  scaleWindow: number;
  memoryN: number;
  /** Messages seeded for the overview figure (three delivery attempts each). */
  overviewMessages: number;
  /** Messages seeded for the search figure (one recipient each). */
  searchMessages: number;
  figures: Set<string>;
  /** Run workers with --cpu-prof into this folder. */
  profileDir?: string;
};

export type BenchContext = {
  config: BenchConfig;
  /** The checkout whose server and workers run: this one, or the compared revision's (BENCH_COMPARE). */
  root: string;
  sql: pg.Pool;
  sinks: Sink[];
  serverUrl: string;
  apiKey: string;
  outgateEnv: Record<string, string | undefined>;
  logFile: string;
  workDir: string;
};

/** One printed figure: a median of runs with its range, optionally as a ratio of the raw limit. */
export type Figure = {
  figure: string;
  label: string;
  unit: string;
  values: number[];
  /** Divide by the raw limit's median and print the ratio. */
  ratioToRaw?: boolean;
  /** Printed as further fields of the BENCH line (sizes, checks, secondary ratios). */
  extra?: Record<string, unknown>;
};
