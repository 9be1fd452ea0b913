import fs from "node:fs";

/** Whether a process with this pid runs — also one of another user (EPERM), such as PostgreSQL as `postgres` under root. */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The pids a pid file holds, one per line from the first (postmaster.pid, outgate.pid): null for a line that is
 * missing or no pid, and all null when the file cannot be read.
 */
export function readPidFile(file: string, lines = 1): (number | null)[] {
  let text = "";
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    // no file: nothing recorded
  }
  const found = text.split("\n");
  return Array.from({ length: lines }, (_, index) => {
    const pid = Number(found[index]);
    return found[index] && Number.isInteger(pid) && pid > 0 ? pid : null;
  });
}
