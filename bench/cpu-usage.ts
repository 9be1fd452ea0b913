import fs from "node:fs";

/** Clock ticks per second for /proc times (USER_HZ; 100 on every Linux this runs on). */
const TICK_MS = 10;

export type CpuRole = "server" | "postgres" | "loadGenerator";
export type CpuSample = Record<CpuRole | "idle", number>;

/**
 * CPU time used so far (ms, user + system) by role — the web server, PostgreSQL's processes, this process (the load
 * generator) — and the machine's idle time, from /proc. Undefined where there is no /proc (not Linux).
 */
export function sampleCpu(): CpuSample | undefined {
  if (!fs.existsSync("/proc/stat")) return undefined;
  const sample: CpuSample = { server: 0, postgres: 0, loadGenerator: 0, idle: 0 };
  for (const pid of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const role = roleOf(pid);
      if (role) sample[role] += processCpuMs(pid);
    } catch {
      // The process ended between listing and reading.
    }
  }
  const total = fs.readFileSync("/proc/stat", "utf8").split("\n", 1)[0].trim().split(/\s+/).slice(1).map(Number);
  sample.idle = (total[3] + total[4]) * TICK_MS; // idle + iowait, summed over all cores
  return sample;
}

function roleOf(pid: string): CpuRole | undefined {
  if (pid === String(process.pid)) return "loadGenerator";
  if (fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres") return "postgres";
  if (fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("scripts/web-server.ts")) return "server";
  return undefined;
}

function processCpuMs(pid: string): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** µs of CPU per message for each role between two samples. */
export function cpuPerMessage(before: CpuSample, after: CpuSample, messages: number): CpuSample {
  const per = (role: keyof CpuSample) => Math.round(((after[role] - before[role]) * 1000) / messages);
  return { server: per("server"), postgres: per("postgres"), loadGenerator: per("loadGenerator"), idle: per("idle") };
}
