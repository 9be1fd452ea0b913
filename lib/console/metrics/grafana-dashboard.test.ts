import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { registerDatabaseMetrics } from "./register-database-metrics";

type Panel = { title: string; targets: { expr: string }[] };

/** docs/grafana-dashboard.json is valid JSON, and every outgate_* series it queries is one /metrics exposes. */
describe("docs/grafana-dashboard.json", () => {
  const dashboard = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../docs/grafana-dashboard.json"), "utf8")) as { title: string; panels: Panel[] };

  it("is a dashboard whose panels query only metrics Outgate exposes", async () => {
    expect(dashboard.title).toBe("Outgate");
    expect(dashboard.panels.length).toBeGreaterThan(5);
    const registry = registerDatabaseMetrics();
    const exposed = new Set(registry.getMetricsAsArray().map((metric) => metric.name));
    const histogramSuffixed = (name: string) => name.replace(/_(bucket|sum|count)$/, "");
    const queried = dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => target.expr.match(/\b(outgate|process|nodejs)_[a-z_]+/g) ?? []));
    expect(queried.length).toBeGreaterThan(10);
    expect(queried.filter((name) => !exposed.has(name) && !exposed.has(histogramSuffixed(name)))).toEqual([]);
  });
});
