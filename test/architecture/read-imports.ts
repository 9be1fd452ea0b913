import fs from "node:fs";
import path from "node:path";

/** The repository root (this file lives in test/architecture/). */
export const ROOT = path.resolve(import.meta.dirname, "../..");

export type SourceImport = { from: string; to: string; typeOnly: boolean };

const SOURCE = /\.(ts|tsx|mts)$/;
const SKIP = new Set(["node_modules", ".next", "generated", ".data", "test-results", "playwright-report"]);
// `import … from "x"`, `export … from "x"`, `import("x")`, `import "x"`; the `type` keyword marks type-only imports.
const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^"';]*?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** Every .ts/.tsx file below `dir` (repository-relative, POSIX), tests included unless `withTests` is false. */
export function listSourceFiles(dir: string, { withTests = true } = {}): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, relative), { withFileTypes: true })) {
      if (SKIP.has(entry.name)) continue;
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (SOURCE.test(entry.name) && (withTests || !/\.test\.tsx?$/.test(entry.name))) found.push(child);
    }
  };
  walk(dir);
  return found.sort();
}

/**
 * The project-internal imports of one file, resolved to repository-relative paths (`@/` is the root, as in
 * tsconfig.json). Package imports (`zod`, `node:fs`) are returned as written, with `to` not starting with a folder.
 */
export function readImports(file: string): SourceImport[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const imports: SourceImport[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[3] ?? match[4];
    const typeOnly = Boolean(match[2]);
    imports.push({ from: file, to: resolveSpecifier(file, specifier), typeOnly });
  }
  return imports;
}

function resolveSpecifier(file: string, specifier: string): string {
  let base: string;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  else return specifier;
  for (const suffix of ["", ".ts", ".tsx", "/index.ts", "/index.tsx"]) {
    const candidate = base + suffix;
    if (fs.existsSync(path.join(ROOT, candidate)) && fs.statSync(path.join(ROOT, candidate)).isFile()) return candidate;
  }
  return base;
}

/** True for an import of a file of this repository (rather than a package). */
export function isLocal(target: string): boolean {
  return /^(lib|app|components|test|worker|scripts|prisma|bench|e2e)\//.test(target) || /^[a-z-]+\.ts$/.test(target);
}
