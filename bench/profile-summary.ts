/**
 * Summarises a V8 .cpuprofile (from BENCH_PROFILE=<dir> npm run bench): self time by package / product folder
 * and the top functions. Usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]
 */
import fs from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

function area(url: string): string {
  if (!url) return "(native/idle/gc)";
  if (url.startsWith("node:")) return url.split("/")[0];
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const parts = url.slice(nm + 13).split("/");
    return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const match = /\/(lib\/[^/]+|worker|bench)\//.exec(url);
  return match ? match[1] : url;
}

const [file, topArg] = process.argv.slice(2);
const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byArea = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, us] of self) {
  const frame = byId.get(id)!.callFrame;
  const name = frame.functionName || "(anonymous)";
  const key = frame.url ? `${name} ${area(frame.url)}:${frame.lineNumber + 1}` : name;
  byArea.set(area(frame.url), (byArea.get(area(frame.url)) ?? 0) + us);
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}
const print = (title: string, map: Map<string, number>, top: number) => {
  console.log(`\n${title} (total ${(total / 1000).toFixed(0)} ms sampled)`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`);
  }
};
print("Self time by area", byArea, 25);
print("Self time by function", byFunction, Number(topArg ?? 30));
