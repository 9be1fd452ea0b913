import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Where the Debian package puts the commands; `postfix` must be run as root (its master drops to mail_owner). */
export const POSTFIX_COMMAND = "/usr/sbin/postfix";
export const SMTP_SOURCE_COMMAND = "/usr/sbin/smtp-source";

/** Says why a private Postfix cannot run here (not installed, not root), or null when it can. */
export function findPostfixProblem(): string | null {
  if (!fs.existsSync(POSTFIX_COMMAND)) return "Postfix is not installed (Debian: apt-get install postfix, preseeding postfix/main_mailer_type 'No configuration').";
  if (process.getuid?.() !== 0) return "A private Postfix instance needs root: its master process starts as root and drops to the postfix user.";
  return null;
}

export type PostfixRelaySettings = {
  /** A fresh folder for the instance: configuration, queue, data and its log. */
  dir: string;
  /** The loopback port Postfix accepts mail on (from anyone on 127.0.0.0/8: mynetworks). */
  port: number;
  /** The next hop, "[127.0.0.1]:2587" (brackets: no MX lookup); several: each message goes to one picked at random (randmap). */
  relayhost: string | string[];
  /** SASL username and password for the relayhost; none: no AUTH. */
  sasl?: { username: string; password: string };
  /** "encrypt" (TLS required, the certificate is not verified) or "none". */
  tlsSecurityLevel?: "encrypt" | "none";
  /** Parallel deliveries to the relayhost (default_destination_concurrency_limit; Postfix's default is 20). */
  concurrency?: number;
};

export type PrivatePostfix = {
  port: number;
  /** The instance's own log (maillog_file): one line per event, e.g. "status=sent (250 ...)". */
  logText(): string;
  /** `postfix flush`: tries deferred mail again now. */
  flush(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Starts a Postfix of its own (postfix -c <dir>/etc): listening on 127.0.0.1:<port> only, delivering nothing locally
 * (mydestination empty), relaying everything from loopback to `relayhost` with SMTP AUTH and STARTTLS, queue and
 * log in `dir`. No chroot, no syslog, nothing of the system's Postfix touched. The master.cf lists only the
 * services a relay needs. Resolves once the port accepts connections.
 */
export async function startPrivatePostfix({ dir, port, relayhost, sasl, tlsSecurityLevel = "encrypt", concurrency = 20 }: PostfixRelaySettings): Promise<PrivatePostfix> {
  const etc = path.join(dir, "etc");
  const spool = path.join(dir, "spool");
  const data = path.join(dir, "data");
  const logFile = path.join(dir, "postfix.log");
  for (const folder of [dir, etc, spool, data]) fs.mkdirSync(folder, { recursive: true, mode: 0o755 });
  // The postfix user must reach the queue below `dir`; the master writes its lock into data_directory.
  fs.chmodSync(dir, 0o755);
  await run("chown", ["postfix", data]);
  const main = [
    "compatibility_level = 3.6",
    `queue_directory = ${spool}`,
    `data_directory = ${data}`,
    "mail_owner = postfix",
    "setgid_group = postdrop",
    "myhostname = postfix.interop.test",
    "mydestination =",
    "local_recipient_maps =",
    "alias_maps =",
    "alias_database =",
    "inet_interfaces = 127.0.0.1",
    "inet_protocols = ipv4",
    "mynetworks = 127.0.0.0/8",
    "smtpd_relay_restrictions = permit_mynetworks, reject",
    `maillog_file_prefixes = ${dir}`,
    `maillog_file = ${logFile}`,
    ...(Array.isArray(relayhost) ? [`transport_maps = randmap:{${relayhost.map((hop) => `smtp:${hop}`).join(", ")}}`] : [`relayhost = ${relayhost}`]),
    `smtp_tls_security_level = ${tlsSecurityLevel}`,
    // Level 1 logs "... TLS connection established to ..." per session, which the interop test reads.
    "smtp_tls_loglevel = 1",
    ...(sasl
      ? [
          "smtp_sasl_auth_enable = yes",
          // A static map: the one answer for every next hop, no postmap needed. Braces keep the colon in the value.
          `smtp_sasl_password_maps = static:{${sasl.username}:${sasl.password}}`,
          "smtp_sasl_security_options = noanonymous",
          "smtp_sasl_tls_security_options = noanonymous",
        ]
      : []),
    `default_destination_concurrency_limit = ${concurrency}`,
    `smtp_destination_concurrency_limit = ${concurrency}`,
    `relay_destination_concurrency_limit = ${concurrency}`,
    // Retry soon in tests and benches (default 300 s).
    "minimal_backoff_time = 5s",
    "maximal_backoff_time = 10s",
    "queue_run_delay = 5s",
    "smtpd_client_connection_count_limit = 0",
    "smtpd_client_connection_rate_limit = 0",
    "default_process_limit = 200",
    "",
  ].join("\n");
  fs.writeFileSync(path.join(etc, "main.cf"), main);
  const services = [
    `127.0.0.1:${port} inet n - n - - smtpd`,
    "pickup unix n - n 60 1 pickup",
    "cleanup unix n - n - 0 cleanup",
    "qmgr unix n - n 300 1 qmgr",
    "tlsmgr unix - - n 1000? 1 tlsmgr",
    "rewrite unix - - n - - trivial-rewrite",
    "bounce unix - - n - 0 bounce",
    "defer unix - - n - 0 bounce",
    "trace unix - - n - 0 bounce",
    "verify unix - - n - 1 verify",
    "flush unix n - n 1000? 0 flush",
    "proxymap unix - - n - - proxymap",
    "smtp unix - - n - - smtp",
    "relay unix - - n - - smtp",
    "showq unix n - n - - showq",
    "error unix - - n - - error",
    "retry unix - - n - - error",
    "discard unix - - n - - discard",
    "anvil unix - - n - 1 anvil",
    "scache unix - - n - 1 scache",
    "postlog unix-dgram n - n - 1 postlogd",
    "",
  ].join("\n");
  fs.writeFileSync(path.join(etc, "master.cf"), services);
  const logText = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "");
  try {
    await run(POSTFIX_COMMAND, ["-c", etc, "start"]);
  } catch (error) {
    throw new Error(`postfix -c ${etc} start failed: ${(error as Error).message}\n${logText()}`);
  }
  const instance: PrivatePostfix = {
    port,
    logText,
    flush: async () => void (await run(POSTFIX_COMMAND, ["-c", etc, "flush"])),
    stop: async () => {
      await run(POSTFIX_COMMAND, ["-c", etc, "stop"]).catch(() => run(POSTFIX_COMMAND, ["-c", etc, "abort"]).catch(() => {}));
    },
  };
  await waitForPort(port, logText);
  return instance;
}

/** Resolves once 127.0.0.1:`port` accepts a connection; throws after 30 s with `logText()` for the reason. */
export async function waitForPort(port: number, logText: () => string): Promise<void> {
  const { connect } = await import("node:net");
  const deadline = Date.now() + 30_000;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.destroy();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Postfix did not listen on 127.0.0.1:${port}:\n${logText()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
