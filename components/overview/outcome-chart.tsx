"use client";

import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip } from "chart.js";
import { Bar } from "react-chartjs-2";
import type { OutcomeSeries } from "@/lib/console/overview/read-outcome-series";

ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip, Legend);

const COLORS = { delivered: "#2e8b57", deferred: "#d49a1f", failed: "#c0392b" } as const;

/** "14:05" for a minute step, "11-30 14h" for an hour step: UTC, so server and browser render the same. */
function labelOf(iso: string, step: "minute" | "hour"): string {
  return step === "minute" ? iso.slice(11, 16) : `${iso.slice(5, 10)} ${iso.slice(11, 13)}h`;
}

/**
 * Stacked bars of delivered, deferred and failed attempts per step (Chart.js through react-chartjs-2). The figure
 * carries the totals as text and in data-total, for screen readers and for tests (a canvas has no text).
 */
export function OutcomeChart({ title, series, step, testId }: { title: string; series: OutcomeSeries; step: "minute" | "hour"; testId: string }) {
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const totals = { delivered: sum(series.delivered), deferred: sum(series.deferred), failed: sum(series.failed) };
  const summary = `${totals.delivered} delivered, ${totals.deferred} deferred, ${totals.failed} failed`;
  const data = {
    labels: series.at.map((iso) => labelOf(iso, step)),
    datasets: (["delivered", "deferred", "failed"] as const).map((key) => ({
      label: key[0].toUpperCase() + key.slice(1),
      data: series[key],
      backgroundColor: COLORS[key],
      stack: "attempts",
    })),
  };
  return (
    <figure className="chart" data-testid={testId} data-total={totals.delivered + totals.deferred + totals.failed}>
      <figcaption>
        {title} <span className="hint">({summary})</span>
      </figcaption>
      <div className="chart-canvas">
        <Bar
          data={data}
          aria-label={`${title}: ${summary}`}
          role="img"
          options={{
            animation: false,
            maintainAspectRatio: false,
            scales: { x: { stacked: true, ticks: { maxTicksLimit: 12 } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
            plugins: { legend: { position: "bottom" } },
          }}
        />
      </div>
    </figure>
  );
}
