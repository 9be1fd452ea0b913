import path from "node:path";
import { describe, expect, it } from "vitest";
import { isLocal, listSourceFiles, readImports } from "./read-imports";

/**
 * What the ESLint layer rules (eslint.config.mjs) cannot see: loops between folders, read from the real import
 * statements of the tree.
 */

const folderOf = (file: string) => path.posix.dirname(file);

/** Folder → folders it imports (type-only imports included: a loop of types is a loop of meaning). */
function folderGraph(files: string[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    for (const { to } of readImports(file)) {
      if (!isLocal(to) || folderOf(to) === folderOf(file)) continue;
      if (!graph.has(folderOf(file))) graph.set(folderOf(file), new Set());
      graph.get(folderOf(file))!.add(folderOf(to));
    }
  }
  return graph;
}

/** Every elementary loop's first occurrence, as "a → b → a" (depth-first search, grey/black colouring). */
function findLoops(graph: Map<string, Set<string>>): string[] {
  const loops: string[] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "open") loops.push([...stack.slice(stack.indexOf(next)), next].join(" → "));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return loops;
}

describe("architecture", () => {
  it("has no import loops between folders", () => {
    const files = ["lib", "app", "components", "worker", "scripts", "smtp"].flatMap((dir) => listSourceFiles(dir, { withTests: false }));
    expect(findLoops(folderGraph(files))).toEqual([]);
  });

  it("finds a loop when there is one (the check itself)", () => {
    const graph = new Map([["lib/a", new Set(["lib/b"])], ["lib/b", new Set(["lib/c"])], ["lib/c", new Set(["lib/a"])]]);
    expect(findLoops(graph)).toEqual(["lib/a → lib/b → lib/c → lib/a"]);
  });

});
