import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempRoot, removeTempRoot } from "./support/outgate";
import { stopAllProcesses, tail } from "./support/processes";
import { groupIsRunning, postmasterPid, startAsDocumented } from "./support/start-command";
import { waitFor } from "./support/wait";

/**
 * `npm start` under a supervisor (systemd, a container runtime): the exit status is how it learns what happened.
 * A web server that dies must take `npm start` down with a non-zero status (so the supervisor restarts it), after
 * stopping the embedded PostgreSQL; a SIGTERM is a requested stop and exits 0.
 */
describe("npm start's exit status", () => {
  let root: string;

  afterAll(async () => {
    await stopAllProcesses();
    removeTempRoot(root);
  });

  it("exits non-zero, with PostgreSQL stopped, when the web server is killed; exits 0 on SIGTERM", async () => {
    root = makeTempRoot("supervisor-exit");
    const dataDir = path.join(root, "data");

    const first = await startAsDocumented(root, dataDir, "npm-start-killed", ["npm", "start"]);
    const webServer = findInGroup(first.process.pid, "scripts/web-server.ts");
    expect(webServer, "the web server runs in npm start's process group").not.toBeNull();
    process.kill(webServer!, "SIGKILL");
    const { code } = await exitsWithin(first.process.exited, 30_000, "npm start after its web server was killed");
    expect(code, tail(first.log())).not.toBe(0);
    expect(code, tail(first.log())).not.toBeNull();
    await waitFor("every process of npm start gone", () => !groupIsRunning(first.process.pid), { timeoutMs: 15_000 });
    expect(postmasterPid(dataDir), tail(first.log())).toBeNull();

    const second = await startAsDocumented(root, dataDir, "npm-start-terminated", ["npm", "start"]);
    process.kill(second.process.pid, "SIGTERM");
    // The start script exits 0; npm itself then reports 0 or, when the signal reached it first, 143 (128 + SIGTERM) —
    // both a requested stop (docs/outgate.service lists 143 as success), never the 1 of a crash.
    expect([0, 143], tail(second.log())).toContain((await exitsWithin(second.process.exited, 30_000, "npm start after SIGTERM")).code);
    await waitFor("every process of npm start gone", () => !groupIsRunning(second.process.pid), { timeoutMs: 15_000 });
    expect(postmasterPid(dataDir)).toBeNull();
  });
});

async function exitsWithin<T>(exited: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: still running after ${ms} ms`)), ms)));
  try {
    return await Promise.race([exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The pid of the process in group `pgid` whose command line contains `needle`, read from /proc; null if none. */
function findInGroup(pgid: number, needle: string): number | null {
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 5 of /proc/<pid>/stat is the process group; the command name (field 2) may contain spaces.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const group = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (group !== pgid) continue;
      if (fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").some((arg) => arg.includes(needle))) return Number(entry);
    } catch {
      // the process ended while we read it
    }
  }
  return null;
}
