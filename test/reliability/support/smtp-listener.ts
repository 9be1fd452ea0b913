import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import { findFreePort } from "../../../lib/platform/free-port";
import { hashPassword } from "../../../lib/platform/password";
import { createTestCertificate } from "../../smtp/test-certificate";
import { productEnv, ROOT } from "./outgate";
import { startProcess, type TrackedProcess } from "./processes";

/** An SMTP credential for every hosted domain, stored as createSmtpCredential stores one (argon2id hash). */
export async function seedSmtpCredential(db: Pick<pg.Pool, "query">, username = "reliability"): Promise<{ id: string; user: string; pass: string }> {
  const pass = `pass-${Math.random().toString(36).slice(2)}`;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO smtp_credentials (id, name, username, password_hash, all_domains) VALUES (gen_random_uuid(), $1, $1, $2, true) RETURNING id`,
    [username, await hashPassword(pass)],
  );
  return { id: rows[0].id, user: username, pass };
}

export type SmtpListenerSettings = { tlsPort: number; certPath: string; keyPath: string; cert: string };

/** A free implicit-TLS port and a certificate for localhost written into `root`, kept across listener restarts. */
export async function prepareSmtpListener(root: string): Promise<SmtpListenerSettings> {
  const { key, cert } = await createTestCertificate({ dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"] });
  const certPath = path.join(root, "smtp-cert.pem");
  const keyPath = path.join(root, "smtp-key.pem");
  fs.writeFileSync(certPath, cert);
  fs.writeFileSync(keyPath, key);
  return { tlsPort: await findFreePort(), certPath, keyPath, cert };
}

/** The environment that turns the SMTP listener on with only the implicit-TLS port of `settings` open, on loopback. */
export function smtpListenerEnv(settings: SmtpListenerSettings): Record<string, string> {
  return {
    OUTGATE_SMTP_ENABLED: "true",
    OUTGATE_SMTP_HOST: "127.0.0.1",
    OUTGATE_SMTP_SUBMISSION_PORT: "0",
    OUTGATE_SMTP_TLS_PORT: String(settings.tlsPort),
    OUTGATE_SMTP_TLS_CERT: settings.certPath,
    OUTGATE_SMTP_TLS_KEY: settings.keyPath,
  };
}

let listenerCount = 0;

/**
 * `npm run smtp` (smtp/index.ts) as one Node process (tsx through --import, so a kill reaches the listener itself),
 * with only the implicit-TLS port open. Resolves once that port accepts connections.
 */
export async function startSmtpListenerProcess(root: string, databaseUrl: string, settings: SmtpListenerSettings): Promise<TrackedProcess> {
  listenerCount += 1;
  const listener = startProcess(`smtp-${listenerCount}`, process.execPath, ["--import", "tsx", "smtp/index.ts"], {
    cwd: ROOT,
    env: productEnv(databaseUrl, { ...smtpListenerEnv(settings), OUTGATE_EHLO_NAME: "outgate.reliability.test" }),
    logFile: path.join(root, `smtp-${listenerCount}.log`),
  });
  const deadline = Date.now() + 60_000;
  while (!listener.logText().includes("SMTP listener on")) {
    if (!listener.isRunning()) throw new Error(`The SMTP listener exited during start-up:\n${listener.logText()}`);
    if (Date.now() > deadline) throw new Error(`The SMTP listener did not start:\n${listener.logText()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return listener;
}
