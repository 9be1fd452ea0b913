import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { isProcessRunning, readPidFile } from "../platform/process-ids";

/** `npm start`'s pid and its web server's, kept in the data folder while it runs (scripts/start.ts, recordStartPid). */
export const START_PID_FILE = "outgate.pid";

/**
 * Before `npm start` starts the embedded PostgreSQL of `dataDir` (its `postgres` folder): a PostgreSQL still running
 * there is either another Outgate's — refused with how to stop that one — or one a killed Outgate left behind. The
 * postgres server runs in a process group of its own (so a terminal's Ctrl+C reaches it only through npm start), so
 * a `kill -9` of npm start or of its group leaves it running; it is then stopped here (SIGINT: PostgreSQL's fast
 * shutdown, which rolls back what was open — committed mail is safe) and the start goes on — after the killed
 * start's web server, if it still runs, has finished recording what it was sending and stopped (up to
 * `webServerWaitMs`; it stops by itself once its supervisor is gone, scripts/web-server.ts). Returns the pid it
 * stopped, or null when none ran. Throws when another Outgate runs on the folder, or when the leftover does not stop
 * within `waitMs`. Which process started the folder's PostgreSQL is read from START_PID_FILE: a pid that runs and
 * is an `npm start` (its command line names scripts/start.ts) is a live Outgate.
 */
export async function stopOrphanedPostgres(dataDir: string, { waitMs = 60_000, webServerWaitMs = 75_000, log = console.log } = {}): Promise<number | null> {
  const [postmaster] = readPidFile(path.join(dataDir, "postgres", "postmaster.pid"));
  if (postmaster === null || !isProcessRunning(postmaster)) return null;
  const [starter, webServer] = readPidFile(path.join(dataDir, START_PID_FILE), 2);
  if (starter !== null && starter !== process.pid && isRunningScript(starter, "scripts/start.ts")) {
    throw new Error(`the data folder ${dataDir} is in use by the Outgate running as pid ${starter} (npm start); stop that one first: kill ${starter}`);
  }
  // The killed start script's web server stops by itself (it watches its supervisor) but may still be recording a
  // message it was relaying: PostgreSQL must outlive it, or that message is relayed again after its lease.
  if (webServer !== null && isRunningScript(webServer, "scripts/web-server.ts")) {
    log(`[outgate] waiting for the web server (pid ${webServer}) of the killed Outgate to finish what it is sending`);
    const deadline = Date.now() + webServerWaitMs;
    while (isRunningScript(webServer, "scripts/web-server.ts")) {
      if (Date.now() > deadline) throw new Error(`the web server a killed Outgate left (pid ${webServer}) did not stop within ${webServerWaitMs / 1000} s: kill ${webServer}`);
      await sleep(200);
    }
  }
  process.kill(postmaster, "SIGINT");
  const deadline = Date.now() + waitMs;
  while (isProcessRunning(postmaster)) {
    if (Date.now() > deadline) throw new Error(`the PostgreSQL a stopped Outgate left running (pid ${postmaster}) did not stop within ${waitMs / 1000} s: kill -INT ${postmaster}`);
    await sleep(100);
  }
  return postmaster;
}

/**
 * Records this process as the one running on `dataDir` (START_PID_FILE: its pid, then its web server's once
 * `addWebServer` names it); `forget` removes the record on a clean stop.
 */
export function recordStartPid(dataDir: string): { addWebServer: (pid: number) => void; forget: () => void } {
  const file = path.join(dataDir, START_PID_FILE);
  fs.writeFileSync(file, `${process.pid}\n`);
  return {
    addWebServer: (pid) => fs.writeFileSync(file, `${process.pid}\n${pid}\n`),
    forget: () => {
      if (readPidFile(file)[0] === process.pid) fs.rmSync(file, { force: true });
    },
  };
}

/** A running process of Outgate's `script` (its command line names it); where /proc is missing, any running pid counts. */
function isRunningScript(pid: number, script: string): boolean {
  if (!isProcessRunning(pid)) return false;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(script);
  } catch {
    return !fs.existsSync("/proc");
  }
}
