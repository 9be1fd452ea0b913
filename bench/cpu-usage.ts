import fs from "node:fs";
import type { Figure } from "./context";

/** Clock ticks per second for /proc times (USER_HZ; 100 on every Linux this runs on). */
const TICK_MS = 10;

/** Who uses the CPU while a figure runs, recognised by process name or command line. */
const ROLES = {
  server: "web server",
  listener: "SMTP listener",
  worker: "workers",
  postgres: "PostgreSQL",
  sinks: "SMTP sinks",
  bench: "bench (load generator)",
  postfix: "Postfix (all its daemons)",
  idle: "left idle",
  kernel: "in the kernel, whole machine (part of the above)",
} as const;
export type CpuRole = keyof typeof ROLES;
export type CpuSample = Record<CpuRole, number>;

/**
 * CPU time used so far (ms, user + system) by role, and the machine's idle and kernel time (system, irq and softirq)
 * summed over its cores, from /proc (proc(5): /proc/stat, /proc/[pid]/stat). Undefined where there is no /proc (not
 * Linux). The kernel share tells machines apart: where every system call or task switch is dear (a paravirtualised
 * guest), a design that hands each message between processes and files pays more of it than one that does not.
 */
export function sampleCpu(): CpuSample | undefined {
  if (!fs.existsSync("/proc/stat")) return undefined;
  const sample: CpuSample = { server: 0, listener: 0, worker: 0, postgres: 0, sinks: 0, bench: 0, postfix: 0, idle: 0, kernel: 0 };
  for (const pid of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const role = roleOf(pid);
      // PostgreSQL's backends come and go with connections (Postfix's smtpd and cleanup too, and the bench's smtp-source
      // runs): the parent's count of its ended children keeps theirs.
      if (role) sample[role] += processCpuMs(pid, role !== "server" && role !== "listener" && role !== "worker" && role !== "sinks");
    } catch {
      // The process ended between listing and reading.
    }
  }
  const total = fs.readFileSync("/proc/stat", "utf8").split("\n", 1)[0].trim().split(/\s+/).slice(1).map(Number);
  // cpu  user nice system idle iowait irq softirq steal ...
  sample.idle = (total[3] + total[4]) * TICK_MS;
  sample.kernel = (total[2] + total[5] + total[6]) * TICK_MS;
  return sample;
}

/** Postfix's daemons as the kernel names them (master(8) and the services it spawns); only the bench runs a Postfix here. */
const POSTFIX_DAEMONS = new Set(["master", "qmgr", "pickup", "smtpd", "cleanup", "trivial-rewrite", "smtp", "anvil", "scache", "proxymap", "tlsmgr", "bounce"]);

function roleOf(pid: string): CpuRole | undefined {
  if (pid === String(process.pid)) return "bench";
  const name = fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  if (name === "postgres") return "postgres";
  if (POSTFIX_DAEMONS.has(name)) return "postfix";
  const command = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
  if (command.includes("scripts/web-server.ts")) return "server";
  if (command.includes("smtp/index.ts")) return "listener";
  if (command.includes("worker/index.ts")) return "worker";
  if (command.includes("bench/sink-process.ts")) return "sinks";
  return undefined;
}

function processCpuMs(pid: string, withEndedChildren: boolean): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces): utime, stime, cutime, cstime are the 12th to 15th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
  return (fields[11] + fields[12] + (withEndedChildren ? fields[13] + fields[14] : 0)) * TICK_MS;
}

/** µs of CPU per message for each role between two samples. */
export function cpuPerMessage(before: CpuSample, after: CpuSample, messages: number): CpuSample {
  const per = (role: CpuRole) => Math.round(((after[role] - before[role]) * 1000) / messages);
  return Object.fromEntries(Object.keys(before).map((role) => [role, per(role as CpuRole)])) as CpuSample;
}

/**
 * Where a message's CPU went in a figure's runs, one row per role that took part: a process near one core with idle
 * left over says that process is the limit; little idle says the machine is.
 */
export function cpuFigures(name: string, what: string, samples: CpuSample[], roles: CpuRole[]): Figure[] {
  if (samples.length === 0) return [];
  return roles.map((role) => ({
    figure: `${name}_cpu_${role}`,
    label: `${what} CPU per message: ${ROLES[role]}`,
    unit: "µs",
    values: samples.map((sample) => sample[role]),
  }));
}
