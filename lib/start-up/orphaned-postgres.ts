import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { isProcessRunning } from "../platform/is-process-running";

/** `npm start`'s own pid, kept in the data folder while it runs (scripts/start.ts). */
export const START_PID_FILE = "outgate.pid";

/**
 * Before `npm start` starts the embedded PostgreSQL of `dataDir` (its `postgres` folder): a PostgreSQL still running
 * there is either another Outgate's — refused with how to stop that one — or one a killed Outgate left behind. The
 * postgres server runs in a process group of its own (so a terminal's Ctrl+C reaches it only through npm start), so
 * a `kill -9` of npm start or of its group leaves it running; it is then stopped here (SIGINT: PostgreSQL's fast
 * shutdown, which rolls back what was open — committed mail is safe) and the start goes on. Returns the pid it
 * stopped, or null when none ran. Throws when another Outgate runs on the folder, or when the leftover does not stop
 * within `waitMs`. Which process started the folder's PostgreSQL is read from START_PID_FILE: a pid that runs and
 * is an `npm start` (its command line names scripts/start.ts) is a live Outgate.
 */
export async function stopOrphanedPostgres(dataDir: string, { waitMs = 60_000 } = {}): Promise<number | null> {
  const postmaster = readPid(path.join(dataDir, "postgres", "postmaster.pid"));
  if (postmaster === null || !isProcessRunning(postmaster)) return null;
  const starter = readPid(path.join(dataDir, START_PID_FILE));
  if (starter !== null && starter !== process.pid && isOutgateStart(starter)) {
    throw new Error(`the data folder ${dataDir} is in use by the Outgate running as pid ${starter} (npm start); stop that one first: kill ${starter}`);
  }
  process.kill(postmaster, "SIGINT");
  const deadline = Date.now() + waitMs;
  while (isProcessRunning(postmaster)) {
    if (Date.now() > deadline) throw new Error(`the PostgreSQL a stopped Outgate left running (pid ${postmaster}) did not stop within ${waitMs / 1000} s: kill -INT ${postmaster}`);
    await sleep(100);
  }
  return postmaster;
}

/** Records this process as the one running on `dataDir`; the returned function removes the record (on a clean stop). */
export function recordStartPid(dataDir: string): () => void {
  const file = path.join(dataDir, START_PID_FILE);
  fs.writeFileSync(file, `${process.pid}\n`);
  return () => {
    if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
  };
}

function readPid(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}


/** A running `npm start` (node running scripts/start.ts); where /proc is missing, any running pid counts. */
function isOutgateStart(pid: number): boolean {
  if (!isProcessRunning(pid)) return false;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("scripts/start.ts");
  } catch {
    return !fs.existsSync("/proc");
  }
}
