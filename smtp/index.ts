/**
 * `npm run smtp`: the SMTP submission listener (lib/smtp-listener) as a plain Node process, to scale SMTP intake out
 * beside `npm start` (which runs one too, unless OUTGATE_SMTP_ENABLED=false) or `npm run worker`. Any number may run
 * against the same database; each answers 250 only after its message is committed there.
 */
import path from "node:path";
import { disconnectDb } from "../lib/platform/db";
import { log } from "../lib/platform/log";
import { applyLocalSecrets, readEmbeddedDatabaseUrl, resolveDataDir } from "../lib/platform/local-defaults";
import { runSmtpListener } from "../lib/smtp-listener/run-smtp-listener";

/** Beside `npm start` on one machine, the listener finds the embedded database and secrets in the data folder. */
function applyLocalDefaults(): void {
  const dataDir = resolveDataDir(path.resolve(__dirname, ".."));
  applyLocalSecrets(dataDir);
  process.env.DATABASE_URL ||= readEmbeddedDatabaseUrl(dataDir) ?? "";
}

async function main(): Promise<void> {
  applyLocalDefaults();
  let listener: Awaited<ReturnType<typeof runSmtpListener>> = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log("info", "smtp.stopping", { signal, sessions: listener?.sessions() ?? 0 });
    // Sessions get a few seconds to finish the message they are sending; a message not yet answered 250 is the
    // client's to send again. Stopped while still starting (no listener yet): nothing was accepted.
    await listener?.close();
    await disconnectDb();
    process.exit(0);
  };
  // Before the listener starts: a stop that comes the moment it says it listens must find its handler (without one,
  // SIGTERM ends the process at once, sessions and all).
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  listener = await runSmtpListener();
  if (!listener) throw new Error("the SMTP listener is turned off (OUTGATE_SMTP_ENABLED=false or every OUTGATE_SMTP_*_PORT is 0)");
}

main().catch((error: unknown) => {
  console.error(`[outgate] SMTP listener failed to start: ${(error as Error).message}`);
  process.exit(1);
});
