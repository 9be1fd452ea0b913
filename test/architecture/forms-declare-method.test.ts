import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");

/** Every .tsx file under these folders, relative to the project root. */
function listTsx(folder: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, folder), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".tsx"))
    .map((file) => path.join(folder, file));
}

/**
 * A <form> without a method is sent with GET when it is submitted before React hydrates it (a slow page, a click
 * during load): its fields, passwords included, would land in the URL, the browser history and every access log.
 * So every form says how it is sent: "post" for forms that change something, "get" only for search and filter forms.
 */
describe("every form declares its method", () => {
  it("has method=\"post\" or method=\"get\" on each <form> in app/ and components/", () => {
    const files = [...listTsx("app"), ...listTsx("components")];
    const missing: string[] = [];
    for (const file of files) {
      const source = fs.readFileSync(path.join(ROOT, file), "utf8");
      for (const match of source.matchAll(/<form\b[^>]*>/g)) {
        if (!/\bmethod="(post|get)"/.test(match[0])) missing.push(`${file}: ${match[0].slice(0, 80)}`);
      }
    }
    expect(files.length).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });
});
