import type { Figure } from "./context";
import { round, spread } from "./stats";

function medianOf(figures: Figure[], name: string): number | undefined {
  const found = figures.find((figure) => figure.figure === name);
  return found ? spread(found.values).median : undefined;
}

const RAW_FIGURES = new Set(["raw_limit", "raw_outgate_pool", "raw_nagle"]);

function summarise(figure: Figure, figures: Figure[]) {
  const s = spread(figure.values);
  const digits = figure.unit === "ms" ? 2 : figure.unit === "MiB" ? 1 : 0;
  const raw = medianOf(figures, "raw_limit");
  // The same rate against Outgate's own SMTP pool with no queue: the share of the client's speed the queue keeps.
  const pool = RAW_FIGURES.has(figure.figure) ? undefined : medianOf(figures, "raw_outgate_pool");
  return {
    figure: figure.figure,
    median: round(s.median, digits),
    min: round(s.min, digits),
    max: round(s.max, digits),
    unit: figure.unit,
    runs: s.runs.length,
    ...(figure.ratioToRaw && raw ? { ratio_to_raw: round(s.median / raw, 3) } : {}),
    ...(figure.ratioToRaw && pool ? { ratio_to_pool: round(s.median / pool, 3) } : {}),
    ...afterBefore(figure, figures),
    ...figure.extra,
  };
}

/** The machine-readable line: one per figure, `BENCH {json}`. */
export function printFigure(figure: Figure, figures: Figure[]): void {
  console.log(`BENCH ${JSON.stringify(summarise(figure, figures))}`);
}

/** For BENCH_COMPARE: an `…_after` figure's median divided by its `…_before` twin's. */
function afterBefore(figure: Figure, figures: Figure[]): { after_over_before?: number } {
  if (!figure.figure.endsWith("_after")) return {};
  const before = medianOf(figures, figure.figure.replace(/_after$/, "_before"));
  return before ? { after_over_before: round(spread(figure.values).median / before, 3) } : {};
}

export function printTable(figures: Figure[]): void {
  const rows = figures.map((figure) => {
    const s = summarise(figure, figures);
    return [
      figure.label,
      `${s.median.toLocaleString("en-US")} ${s.unit}`,
      `${s.min.toLocaleString("en-US")} – ${s.max.toLocaleString("en-US")}`,
      "ratio_to_raw" in s ? `${(s.ratio_to_raw as number).toFixed(2)}×` : "",
      "ratio_to_pool" in s ? `${(s.ratio_to_pool as number).toFixed(2)}×` : "",
      "after_over_before" in s ? `${(s.after_over_before as number).toFixed(3)}×` : "",
    ];
  });
  const header = ["Figure", "Median", "Range", "× raw", "× pool", "after / before"];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(" | ")} |`;
  console.log("");
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|")}|`);
  for (const row of rows) console.log(line(row));
}
