import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT, stopChild } from "./children";
import type { BenchContext, Figure } from "./context";
import { ensureProductionBuild, startServer } from "./environment";
import { endToEnd, submit } from "./figures-api";
import { drain } from "./figures-delivery";

/** One side of a comparison: a checkout, its running web server, and the context its figures run in. */
type Side = { name: "before" | "after"; ctx: BenchContext; stop(): Promise<void> };

/** Compared checkouts live here, inside this checkout (ignored by git), on the file system node_modules is on. */
const CHECKOUTS = path.join(ROOT, ".bench-checkouts");

/**
 * Checks `rev` out beside this checkout (a detached `git worktree`), with this checkout's node_modules (the compared
 * revisions must have the same dependencies) and a Prisma client generated from its own schema.prisma, and builds it.
 * Both sides share the database this checkout migrated: an older revision must only need tables and columns that
 * still exist (added columns have defaults). node_modules is hard-linked, not symlinked: Next's bundler refuses
 * packages that resolve outside the project root. Returns its root; `removeCheckout` takes it away again.
 */
export function prepareCheckout(rev: string): string {
  const root = path.join(CHECKOUTS, rev.replace(/[^\w.-]/g, "_"));
  if (fs.existsSync(root)) removeCheckout(root);
  fs.mkdirSync(CHECKOUTS, { recursive: true });
  execFileSync("git", ["worktree", "add", "--detach", root, rev], { cwd: ROOT, stdio: "ignore" });
  execFileSync("cp", ["-al", path.join(ROOT, "node_modules"), path.join(root, "node_modules")]);
  // This checkout's client would not type-check against an older revision's code (its enums and fields differ).
  execFileSync("npx", ["prisma", "generate"], { cwd: root, stdio: "ignore", env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false" } });
  ensureProductionBuild(root);
  return root;
}

export function removeCheckout(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
  execFileSync("git", ["worktree", "prune"], { cwd: ROOT, stdio: "ignore" });
}

/**
 * BENCH_COMPARE=<rev>: the submit, drain and end-to-end (one worker) figures of `rev` ("before") and of this checkout ("after"), measured in
 * the same run against the same database, sinks and raw limit. Runs alternate before, after, before, after… (one
 * run per turn, each side with its own warm server and workers), so drift in the machine falls on both sides alike.
 * Each figure is printed twice (`…_before`, `…_after`) and the after/before ratio of the medians is in the table.
 */
export async function compareRevisions(ctx: BenchContext, rev: string, record: (...figures: Figure[]) => void): Promise<void> {
  const beforeRoot = prepareCheckout(rev);
  const sides: Side[] = [];
  try {
    for (const [name, root] of [["before", beforeRoot], ["after", ROOT]] as const) {
      const server = await startServer(ctx.outgateEnv, ctx.logFile, root);
      sides.push({ name, ctx: { ...ctx, root, serverUrl: server.url, config: { ...ctx.config, runs: 1 } }, stop: () => stopChild(server.child) });
    }
    const measures: ((side: Side) => Promise<Figure[]>)[] = [
      (side) => submit(side.ctx),
      (side) => drain(side.ctx, 1),
      (side) => drain(side.ctx, 2),
      (side) => endToEnd(side.ctx, 1),
    ];
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
