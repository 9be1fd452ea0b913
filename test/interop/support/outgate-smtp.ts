import path from "node:path";
import { findFreePort } from "../../../lib/platform/free-port";
import { productEnv, ROOT } from "../../reliability/support/outgate";
import { startProcess, type TrackedProcess } from "../../reliability/support/processes";
import type { SmtpListenerSettings } from "../../reliability/support/smtp-listener";

/**
 * `npm run smtp` with only the submission port (STARTTLS, then AUTH: what a mail server's relayhost uses) open on
 * a free loopback port, its certificate from `settings`. Resolves once it says it listens.
 */
export async function startSubmissionListener(root: string, databaseUrl: string, settings: SmtpListenerSettings): Promise<{ port: number; process: TrackedProcess }> {
  const port = await findFreePort();
  const listener = startProcess("smtp-submission", process.execPath, ["--import", "tsx", "smtp/index.ts"], {
    cwd: ROOT,
    env: productEnv(databaseUrl, {
      OUTGATE_SMTP_ENABLED: "true",
      OUTGATE_SMTP_HOST: "127.0.0.1",
      OUTGATE_SMTP_SUBMISSION_PORT: String(port),
      OUTGATE_SMTP_TLS_PORT: "0",
      OUTGATE_SMTP_TLS_CERT: settings.certPath,
      OUTGATE_SMTP_TLS_KEY: settings.keyPath,
      OUTGATE_EHLO_NAME: "outgate.interop.test",
    }),
    logFile: path.join(root, "smtp-submission.log"),
  });
  const deadline = Date.now() + 60_000;
  while (!listener.logText().includes("SMTP listener on")) {
    if (!listener.isRunning()) throw new Error(`The SMTP listener exited during start-up:\n${listener.logText()}`);
    if (Date.now() > deadline) throw new Error(`The SMTP listener did not start:\n${listener.logText()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { port, process: listener };
}
