import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./outgate";

type ActionManifest = { node: Record<string, { exportedName: string; workers: Record<string, unknown> }> };

/** The id the production build gave a server action (`exportedName` on the page `worker`, e.g. "app/(auth)/setup/page"). */
export function findServerActionId(exportedName: string, worker: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8")) as ActionManifest;
  const found = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === exportedName && worker in entry.workers);
  if (!found) throw new Error(`No server action ${exportedName} on ${worker} in the build`);
  return found[0];
}

/** Headers a browser sends when a form calls a server action (same origin unless `origin` says otherwise). */
export function serverActionHeaders(actionId: string, origin: string): Record<string, string> {
  return { "Next-Action": actionId, Origin: origin, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" };
}
