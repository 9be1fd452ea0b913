import type { Figure } from "./context";
import { round, spread } from "./stats";

function rawMedian(figures: Figure[]): number | undefined {
  const raw = figures.find((figure) => figure.figure === "raw_limit");
  return raw ? spread(raw.values).median : undefined;
}

function summarise(figure: Figure, figures: Figure[]) {
  const s = spread(figure.values);
  const digits = figure.unit === "ms" ? 2 : figure.unit === "MiB" ? 1 : 0;
  const raw = rawMedian(figures);
  return {
    figure: figure.figure,
    median: round(s.median, digits),
    min: round(s.min, digits),
    max: round(s.max, digits),
    unit: figure.unit,
    runs: s.runs.length,
    ...(figure.ratioToRaw && raw ? { ratio_to_raw: round(s.median / raw, 3) } : {}),
    ...figure.extra,
  };
}

/** The machine-readable line: one per figure, `BENCH {json}`. */
export function printFigure(figure: Figure, figures: Figure[]): void {
  console.log(`BENCH ${JSON.stringify(summarise(figure, figures))}`);
}

export function printTable(figures: Figure[]): void {
  const rows = figures.map((figure) => {
    const s = summarise(figure, figures);
    return [
      figure.label,
      `${s.median.toLocaleString("en-US")} ${s.unit}`,
      `${s.min.toLocaleString("en-US")} – ${s.max.toLocaleString("en-US")}`,
      "ratio_to_raw" in s ? `${(s.ratio_to_raw as number).toFixed(2)}×` : "",
    ];
  });
  const header = ["Figure", "Median", "Range", "× raw"];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(" | ")} |`;
  console.log("");
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|")}|`);
  for (const row of rows) console.log(line(row));
}
