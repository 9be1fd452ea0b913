import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "..");

/** Every process the benchmark started, stopped by id on exit (never by name). */
const started = new Set<ChildProcess>();

export type ChildOptions = {
  env?: Record<string, string | undefined>;
  logFile?: string;
  nodeArgs?: string[];
  /** The checkout to run `entry` from (default: this one). */
  root?: string;
};

/**
 * Runs a TypeScript entry in its own Node process (`node --import tsx`, one process, so its pid is the one to
 * measure) with an IPC channel. Output goes to a log file, not to the benchmark's table: the child writes it there
 * itself (as under systemd or a container runtime), so the benchmark's own process spends nothing relaying log lines.
 */
export function forkTs(entry: string, { env = {}, logFile, nodeArgs = [], root = ROOT }: ChildOptions = {}): ChildProcess {
  const out = logFile ? fs.openSync(logFile, "a") : "ignore";
  try {
    const child = fork(path.resolve(root, entry), [], {
      cwd: root,
      env: { ...process.env, ...env },
      execArgv: [...nodeArgs, "--import", "tsx"],
      stdio: ["ignore", out, out, "ipc"],
    });
    track(child);
    return child;
  } finally {
    if (typeof out === "number") fs.closeSync(out);
  }
}

export function track(child: ChildProcess): void {
  started.add(child);
  child.once("exit", () => started.delete(child));
}

/** Sends `request` and resolves with the first message of `replyType` (requests to one child are sequential). */
export function ask<T>(child: ChildProcess, request: object, replyType: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type?: string }) => {
      if (message?.type !== replyType) return;
      cleanup();
      resolve(message as T);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`child exited (${code}) while waiting for ${replyType}`));
    };
    const cleanup = () => {
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
    child.send(request);
  });
}

export function waitForMessage<T>(child: ChildProcess, type: string, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${type}`)), timeoutMs);
    const onMessage = (message: { type?: string }) => {
      if (message?.type !== type) return;
      clearTimeout(timer);
      child.off("message", onMessage);
      resolve(message as T);
    };
    child.on("message", onMessage);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited (${code}) before ${type}`));
    });
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...started].map((child) => stopChild(child)));
}

/** Peak resident set size (VmHWM) of a live process, in MiB; NaN where /proc is not available. */
export function peakRssMiB(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
