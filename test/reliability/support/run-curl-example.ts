import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export type CurlAnswer = { status: number; headers: Headers; body: string; stderr: string };

const STATUS_MARK = "README-EXAMPLE-STATUS";

/** Fails with a clear message when the machine has no curl (Debian: `apt-get install curl`; .ci/run installs it). */
export function assertCurlInstalled(): void {
  try {
    execFileSync("curl", ["--version"], { stdio: "ignore" });
  } catch {
    throw new Error("curl is not installed, and the README's examples are curl commands: install it (apt-get install curl) — .ci/run does.");
  }
}

/**
 * Runs one README example in bash, as a reader pasting it would (quotes, line continuations, `$(…)` and `$VARS`
 * included), with the real curl binary. The only addition is around curl, not in the example: a shell function
 * that calls it with --silent --show-error, a --write-out of the HTTP status after the body, and --dump-header into
 * a file of `cwd` (the answer's headers).
 */
export function runCurlExample(command: string, options: { cwd: string; env: Record<string, string | undefined>; timeoutMs?: number }): Promise<CurlAnswer> {
  const headerFile = path.join(options.cwd, ".readme-example-headers");
  fs.rmSync(headerFile, { force: true });
  const script = `curl() { command curl --silent --show-error --dump-header '${headerFile}' --write-out '\\n${STATUS_MARK} %{http_code}' "$@"; }\n${command}\n`;
  return new Promise((resolve, reject) => {
    execFile("bash", ["-c", script], { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`the example failed in bash (${error.message}):\n${stderr}\n${stdout}`));
        return;
      }
      const mark = new RegExp(`\\n${STATUS_MARK} (\\d{3})$`).exec(stdout);
      if (!mark) {
        reject(new Error(`curl printed no status (did it run?):\n${stdout}\n${stderr}`));
        return;
      }
      resolve({ status: Number(mark[1]), headers: readHeaders(headerFile), body: stdout.slice(0, mark.index), stderr });
    });
  });
}

/** The last response's header section in a --dump-header file (earlier ones belong to 100 Continue and the like). */
function readHeaders(file: string): Headers {
  const headers = new Headers();
  const sections = fs.existsSync(file) ? fs.readFileSync(file, "latin1").split(/\r?\n\r?\n/).filter((section) => section.trim()) : [];
  for (const line of (sections.at(-1) ?? "").split(/\r?\n/).slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return headers;
}
