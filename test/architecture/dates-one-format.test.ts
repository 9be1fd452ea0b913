import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatDateOrNever } from "@/components/console/revoke-cell";

const ROOT = path.resolve(__dirname, "..", "..");

/** Every .ts/.tsx source file (tests excluded) under these folders, relative to the project root. */
function listSources(folder: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, folder), { recursive: true, encoding: "utf8" })
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
    .map((file) => path.join(folder, file));
}

/**
 * A date shown with the browser's locale and time zone (`toLocaleString()`, `toLocaleTimeString()`, …) reads
 * differently in the server HTML and after hydration, and differently from every other page; the console shows
 * timestamps one way, in UTC (formatTime, components/messages/format.ts). Numbers may use toLocaleString("en").
 * Found by a new-user trial: the SMTP and Admins pages used the browser's locale.
 */
describe("console dates use the one formatter", () => {
  it("has no locale-dependent date formatting in app/ or components/", () => {
    const files = [...listSources("app"), ...listSources("components")];
    const found: string[] = [];
    for (const file of files) {
      const lines = fs.readFileSync(path.join(ROOT, file), "utf8").split("\n");
      lines.forEach((line, index) => {
        if (/\.toLocale(Date|Time)String\(|\.toLocaleString\(\s*\)/.test(line)) found.push(`${file}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(files.length).toBeGreaterThan(20);
    expect(found).toEqual([]);
  });

  it("formats the credential grids' dates like the rest of the console, in UTC", () => {
    expect(formatDateOrNever("2026-12-01T03:04:05.678Z")).toBe("2026-12-01 03:04:05 UTC");
    expect(formatDateOrNever(null)).toBe("Never");
  });
});
