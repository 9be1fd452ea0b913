/** Whether a process with this pid runs — also one of another user (EPERM), such as PostgreSQL as `postgres` under root. */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
