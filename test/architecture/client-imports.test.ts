import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isLocal, listSourceFiles, readImports, ROOT, type SourceImport } from "./read-imports";

/**
 * Code that runs in the browser: what a "use client" module in app/ or components/ may import. Packages (not
 * node:), types (erased at build), lib/validation (the schemas), and modules of app/ or components/ that are
 * client code themselves or import nothing else. Never an actions.ts: server actions reach client components as
 * props from their page, one rule for every area.
 */

const isClientComponent = (file: string) => /^\s*["']use client["']/.test(fs.readFileSync(path.join(ROOT, file), "utf8"));

describe("client components", () => {
  it("import only schemas, UI modules and types — never server code or an actions.ts", () => {
    const clientFiles = ["app", "components"].flatMap((dir) => listSourceFiles(dir, { withTests: false })).filter(isClientComponent);
    expect(clientFiles.length).toBeGreaterThan(5);
    const violations = clientFiles.flatMap((file) =>
      readImports(file)
        .filter((imported) => !isBrowserSafe(imported))
        .map(({ to }) => `${file} imports ${to}`),
    );
    expect(violations).toEqual([]);
  });
});

const checked = new Map<string, boolean>();

function isBrowserSafe({ to, typeOnly }: SourceImport): boolean {
  if (typeOnly || to.startsWith("lib/validation/")) return true;
  if (!isLocal(to)) return !to.startsWith("node:");
  return isUiModule(to);
}

/**
 * A module of app/ or components/, not an actions.ts, that is client code (checked on its own above) or
 * whose own imports are all browser-safe, followed through plain modules such as label tables and helpers.
 */
function isUiModule(file: string): boolean {
  if (!/^(app|components)\//.test(file) || file.endsWith("/actions.ts") || !fs.existsSync(path.join(ROOT, file))) return false;
  if (isClientComponent(file)) return true;
  const known = checked.get(file);
  if (known !== undefined) return known;
  checked.set(file, true); // an import loop between plain modules is judged by the rest of their imports
  const safe = readImports(file).every(isBrowserSafe);
  checked.set(file, safe);
  return safe;
}
