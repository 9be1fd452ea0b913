import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** One file of the App Router, with the URL it serves (dynamic segments filled in). */
export type AppEntry = {
  /** Relative to the checkout, e.g. "app/(console)/gateways/[id]/page.tsx". */
  file: string;
  /** e.g. "/gateways/<uuid>". */
  url: string;
  /** Route group names on the way, e.g. ["console"]. */
  groups: string[];
  /** Dynamic segment names → the value used in `url`. */
  params: Record<string, string>;
};

export type DiscoveredApp = {
  pages: AppEntry[];
  layouts: AppEntry[];
  routes: AppEntry[];
  /** Files whose module starts with the "use server" directive. */
  actionFiles: string[];
};

/**
 * Walks app/ the way the App Router does, so pages, route handlers and server actions added later are swept
 * without anyone editing a list. `paramValue` fills dynamic segments ([id], [...slug], [[...slug]]).
 */
export function discoverApp(root: string, paramValue: (name: string) => string = () => randomUUID()): DiscoveredApp {
  const found: DiscoveredApp = { pages: [], layouts: [], routes: [], actionFiles: [] };
  const walk = (dir: string, segments: string[], groups: string[], params: Record<string, string>) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      const file = path.relative(root, full);
      if (entry.isDirectory()) {
        // Private folders (_x) are not routes; parallel slots (@x) add no URL segment.
        if (entry.name.startsWith("_")) continue;
        if (entry.name.startsWith("(") && entry.name.endsWith(")")) {
          walk(full, segments, [...groups, entry.name.slice(1, -1)], params);
        } else if (entry.name.startsWith("@")) {
          walk(full, segments, groups, params);
        } else {
          const dynamic = /^\[{1,2}(?:\.\.\.)?([^\]]+)\]{1,2}$/.exec(entry.name);
          if (dynamic) {
            const value = paramValue(dynamic[1]);
            walk(full, [...segments, value], groups, { ...params, [dynamic[1]]: value });
          } else {
            walk(full, [...segments, entry.name], groups, params);
          }
        }
        continue;
      }
      if (/\.test\.tsx?$/.test(entry.name) || !/\.(ts|tsx|js|jsx)$/.test(entry.name)) continue;
      const at: AppEntry = { file, url: "/" + segments.join("/"), groups, params };
      const base = entry.name.replace(/\.(ts|tsx|js|jsx)$/, "");
      if (base === "page") found.pages.push(at);
      else if (base === "layout") found.layouts.push(at);
      else if (base === "route") found.routes.push(at);
      if (startsWithUseServer(fs.readFileSync(full, "utf8"))) found.actionFiles.push(file);
    }
  };
  walk(path.join(root, "app"), [], [], {});
  return found;
}

/** The module-level directive: the first statement, after comments. */
function startsWithUseServer(source: string): boolean {
  const code = source.replace(/^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, "");
  return /^["']use server["']/.test(code);
}

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
