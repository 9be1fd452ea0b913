import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT, stopChild } from "./children";
import type { BenchContext, Figure } from "./context";
import { ensureProductionBuild, startServer } from "./environment";
import { submit } from "./figures-api";
import { drain } from "./figures-delivery";

/** One side of a comparison: a checkout, its running web server, and the context its figures run in. */
type Side = { name: "before" | "after"; ctx: BenchContext; stop(): Promise<void> };

/**
 * Checks `rev` out beside this checkout (a detached `git worktree` inside `workDir`), sharing this checkout's
 * node_modules and generated Prisma client (the compared revisions must have the same dependencies and schema), and
 * builds it. Returns its root; `removeCheckout` takes it away again.
 */
export function prepareCheckout(rev: string, workDir: string): string {
  const root = path.join(workDir, `checkout-${rev.replace(/[^\w.-]/g, "_")}`);
  execFileSync("git", ["worktree", "add", "--detach", root, rev], { cwd: ROOT, stdio: "ignore" });
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
  fs.cpSync(path.join(ROOT, "lib", "generated"), path.join(root, "lib", "generated"), { recursive: true });
  ensureProductionBuild(root);
  return root;
}

export function removeCheckout(root: string): void {
  execFileSync("git", ["worktree", "remove", "--force", root], { cwd: ROOT, stdio: "ignore" });
}

/**
 * BENCH_COMPARE=<rev>: the submit and drain figures of `rev` ("before") and of this checkout ("after"), measured in
 * the same run against the same database, sinks and raw limit. Runs alternate before, after, before, after… (one
 * run per turn, each side with its own warm server and workers), so drift in the machine falls on both sides alike.
 * Each figure is printed twice (`…_before`, `…_after`) and the after/before ratio of the medians is in the table.
 */
export async function compareRevisions(ctx: BenchContext, rev: string, record: (...figures: Figure[]) => void): Promise<void> {
  const beforeRoot = prepareCheckout(rev, ctx.workDir);
  const sides: Side[] = [];
  try {
    for (const [name, root] of [["before", beforeRoot], ["after", ROOT]] as const) {
      const server = await startServer(ctx.outgateEnv, ctx.logFile, root);
      sides.push({ name, ctx: { ...ctx, root, serverUrl: server.url, config: { ...ctx.config, runs: 1 } }, stop: () => stopChild(server.child) });
    }
    const measures: ((side: Side) => Promise<Figure[]>)[] = [(side) => submit(side.ctx), (side) => drain(side.ctx, 1), (side) => drain(side.ctx, 2)];
    for (const measure of measures) {
      const merged = new Map<string, Figure>();
      for (let run = 0; run < ctx.config.runs; run++) {
        for (const side of run % 2 === 0 ? sides : [...sides].reverse()) {
          for (const figure of await measure(side)) {
            const key = `${figure.figure}_${side.name}`;
            const into = merged.get(key) ?? { ...figure, figure: key, label: `${figure.label} (${side.name})`, values: [] };
            into.values.push(...figure.values);
            merged.set(key, into);
          }
        }
      }
      record(...merged.values());
    }
  } finally {
    for (const side of sides) await side.stop();
    removeCheckout(beforeRoot);
  }
}
