import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";

export type TrackedProcess = {
  name: string;
  pid: number;
  child: ChildProcess;
  /** Resolves when the process has exited (code or signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning(): boolean;
  /** Signals the whole process group (the child is started detached, so helpers it forks go too). */
  kill(signal?: NodeJS.Signals): void;
  /** Sends SIGTERM, waits up to `graceMs`, then SIGKILL. */
  stop(graceMs?: number): Promise<void>;
  /** What the process printed so far (stdout and stderr, interleaved as written). */
  logText(): string;
};

const running = new Set<TrackedProcess>();

/** Starts a child in its own process group, logging to `logFile`, and remembers it for stopAllProcesses(). */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): TrackedProcess {
  const out = fs.openSync(options.logFile, "a");
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  const pid = child.pid;
  let exitedAlready = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      exitedAlready = true;
      running.delete(tracked);
      resolve({ code, signal });
    }),
  );
  const kill = (signal: NodeJS.Signals = "SIGTERM") => {
    if (exitedAlready) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  const tracked: TrackedProcess = {
    name,
    pid,
    child,
    exited,
    isRunning: () => !exitedAlready,
    kill,
    async stop(graceMs = 5_000) {
      if (exitedAlready) return;
      kill("SIGTERM");
      const timer = setTimeout(() => kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
    logText: () => (fs.existsSync(options.logFile) ? fs.readFileSync(options.logFile, "utf8") : ""),
  };
  running.add(tracked);
  return tracked;
}

/** For afterAll: every process this test file started and that still runs. */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...running].map((tracked) => tracked.stop(3_000)));
}

export function tail(text: string, chars = 4_000): string {
  return text.length > chars ? `…${text.slice(-chars)}` : text;
}
