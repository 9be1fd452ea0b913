import { X509Certificate, createPrivateKey } from "node:crypto";
import fs from "node:fs";
import { readFile } from "node:fs/promises";
import { generate } from "selfsigned";
import { getDb } from "./db";
import { getEnv } from "./env";
import { getHostName } from "./host-name";
import { log } from "./log";
import { decryptSecret, encryptSecret } from "./secret-box";

/** What the SMTP listener presents, and what the console shows of it. */
export type SmtpTlsCertificate = {
  /** PEM private key. */
  key: string;
  /** PEM certificate, with its chain when the file has one. */
  cert: string;
  /** The leaf certificate's subject on one line, e.g. "CN=mail.example.com, O=Example". */
  subject: string;
  notAfter: Date;
  /** SHA-256 of the leaf certificate's DER, upper-case hex pairs joined by ":" (as openssl x509 -fingerprint -sha256). */
  fingerprintSha256: string;
  source: "files" | "self-signed";
};

/** The configured certificate and key files (OUTGATE_SMTP_TLS_CERT/_KEY), or null for the self-signed certificate. */
export type SmtpTlsCertificateFiles = { certPath: string; keyPath: string } | null;

/** Renewed this long before it expires, at the next start (clients that pin it see a new fingerprint then). */
const SELF_SIGNED_RENEW_BEFORE_MS = 30 * 86_400_000;
const SELF_SIGNED_VALID_YEARS = 5;

/** Throws when only one of the two variables is set: half a configuration is a mistake, not "self-signed". */
export function readConfiguredCertificateFiles(): SmtpTlsCertificateFiles {
  const { OUTGATE_SMTP_TLS_CERT: certPath, OUTGATE_SMTP_TLS_KEY: keyPath } = getEnv();
  if (!certPath && !keyPath) return null;
  if (!certPath || !keyPath) throw new Error("Invalid configuration: set both OUTGATE_SMTP_TLS_CERT and OUTGATE_SMTP_TLS_KEY (PEM files), or neither for a self-signed certificate.");
  return { certPath, keyPath };
}

/**
 * The SMTP listener's certificate: from the PEM files of OUTGATE_SMTP_TLS_CERT/_KEY when set, else the self-signed
 * one (CN and DNS name = getHostName()), generated on the first start and kept in PostgreSQL (table
 * smtp_tls_certificates, private key sealed with OUTGATE_SECRET_KEY). PostgreSQL rather than the data folder: it
 * exists with DATABASE_URL too (no data folder then), survives restarts and upgrades, and every listener process
 * of a scale-out presents the same certificate, so clients that pin it see one fingerprint.
 * Throws when a file is unreadable, not PEM, or the key does not belong to the certificate (message names the file).
 */
export async function loadSmtpTlsCertificate(files: SmtpTlsCertificateFiles = readConfiguredCertificateFiles()): Promise<SmtpTlsCertificate> {
  return files ? readCertificateFiles(files.certPath, files.keyPath) : loadSelfSignedCertificate();
}

async function readCertificateFiles(certPath: string, keyPath: string): Promise<SmtpTlsCertificate> {
  const [cert, key] = await Promise.all([readFile(certPath, "utf8"), readFile(keyPath, "utf8")]);
  return describeCertificate(cert, key, "files", { certPath, keyPath });
}

/** What the console shows of a certificate: the leaf's subject on one line, its expiry and SHA-256 fingerprint. */
export type CertificateSummary = Pick<SmtpTlsCertificate, "subject" | "notAfter" | "fingerprintSha256">;

/** The summary of a PEM certificate's leaf (the first in the chain). Throws when `cert` is not PEM. */
export function summarizeCertificate(cert: string | X509Certificate): CertificateSummary {
  const leaf = typeof cert === "string" ? new X509Certificate(cert) : cert;
  return { subject: leaf.subject.split("\n").join(", "), notAfter: new Date(leaf.validTo), fingerprintSha256: leaf.fingerprint256 };
}

/** Parses the leaf certificate and checks the key belongs to it; `paths` only for the error messages. */
function describeCertificate(cert: string, key: string, source: SmtpTlsCertificate["source"], paths?: { certPath: string; keyPath: string }): SmtpTlsCertificate {
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(cert);
  } catch (error) {
    throw new Error(`${paths ? `${paths.certPath} (OUTGATE_SMTP_TLS_CERT)` : "The stored certificate"} is not a PEM certificate: ${(error as Error).message}`);
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw new Error(`${paths ? `${paths.keyPath} (OUTGATE_SMTP_TLS_KEY)` : "The stored key"} is not a PEM private key: ${(error as Error).message}`);
  }
  if (!leaf.checkPrivateKey(privateKey)) {
    throw new Error(`${paths ? `${paths.keyPath} (OUTGATE_SMTP_TLS_KEY)` : "The stored key"} is not the private key of the certificate's public key.`);
  }
  return { key, cert, ...summarizeCertificate(leaf), source };
}

async function loadSelfSignedCertificate(): Promise<SmtpTlsCertificate> {
  const db = getDb();
  const stored = await db.smtpTlsCertificate.findUnique({ where: { id: 1 }, select: { certPem: true, keySealed: true } });
  if (stored) {
    const current = describeCertificate(stored.certPem, decryptSecret(stored.keySealed), "self-signed");
    if (current.notAfter.getTime() - Date.now() > SELF_SIGNED_RENEW_BEFORE_MS) return current;
    const renewed = await generateSelfSigned();
    // Only the process that still sees the old one replaces it; the others read the winner's.
    await db.smtpTlsCertificate.updateMany({ where: { id: 1, certPem: stored.certPem }, data: { certPem: renewed.cert, keySealed: encryptSecret(renewed.key), createdAt: new Date() } });
  } else {
    const generated = await generateSelfSigned();
    // Two processes starting together both generate; the first insert wins and both read it back.
    await db.smtpTlsCertificate.createMany({ data: [{ id: 1, certPem: generated.cert, keySealed: encryptSecret(generated.key) }], skipDuplicates: true });
  }
  const saved = await db.smtpTlsCertificate.findUniqueOrThrow({ where: { id: 1 }, select: { certPem: true, keySealed: true } });
  return describeCertificate(saved.certPem, decryptSecret(saved.keySealed), "self-signed");
}

/** RSA 2048 / SHA-256: what every client takes, old printers and Postfix included. */
async function generateSelfSigned(): Promise<{ cert: string; key: string }> {
  const name = (await getHostName()).name.replace(/^\[|\]$/g, "");
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore);
  notAfter.setFullYear(notAfter.getFullYear() + SELF_SIGNED_VALID_YEARS);
  const isAddress = /^[\d.]+$|:/.test(name);
  const pems = await generate([{ name: "commonName", value: name }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [isAddress ? { type: 7, ip: name } : { type: 2, value: name }] },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/**
 * Calls `onChange` with the new certificate whenever the configured files change to a valid pair with another
 * fingerprint (a renewal by certbot or an admin); returns the function that stops watching. fs.watchFile polls the
 * paths (every `intervalMs`), so a file replaced by rename or a symlink swapped (certbot's live/ links) is still
 * seen, which fs.watch on the old inode would miss. A half-written pair (key and certificate do not match yet, or a
 * file is missing) is logged and skipped; the listener keeps the certificate it has until the pair is whole.
 * Nothing to watch for the self-signed certificate: a no-op.
 */
export function watchSmtpTlsCertificate(
  onChange: (certificate: SmtpTlsCertificate) => void,
  { files = readConfiguredCertificateFiles(), intervalMs = 2000 }: { files?: SmtpTlsCertificateFiles; intervalMs?: number } = {},
): () => void {
  if (!files) return () => {};
  let lastFingerprint: string | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  void readCertificateFiles(files.certPath, files.keyPath).then((current) => (lastFingerprint ??= current.fingerprintSha256), () => {});
  const reload = async () => {
    try {
      const certificate = await readCertificateFiles(files.certPath, files.keyPath);
      if (stopped || certificate.fingerprintSha256 === lastFingerprint) return;
      lastFingerprint = certificate.fingerprintSha256;
      log("info", "smtp.tls_certificate_reloaded", { subject: certificate.subject, notAfter: certificate.notAfter.toISOString(), fingerprintSha256: certificate.fingerprintSha256 });
      onChange(certificate);
    } catch (error) {
      log("warn", "smtp.tls_certificate_reload_failed", { error: (error as Error).message });
    }
  };
  // Key and certificate are written one after the other: wait for both before reading.
  const onFileChange = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), Math.min(500, intervalMs));
  };
  const paths = [...new Set([files.certPath, files.keyPath])];
  for (const path of paths) fs.watchFile(path, { interval: intervalMs, persistent: false }, onFileChange);
  return () => {
    stopped = true;
    clearTimeout(timer);
    for (const path of paths) fs.unwatchFile(path, onFileChange);
  };
}
