import { X509Certificate } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { generate } from "selfsigned";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "../../test/db";
import { getDb } from "./db";
import { getHostName } from "./host-name";
import { encryptSecret } from "./secret-box";
import { loadSmtpTlsCertificate, watchSmtpTlsCertificate, type SmtpTlsCertificate } from "./smtp-tls-certificate";

async function makePair(commonName: string, notAfterDate?: Date) {
  const pems = await generate([{ name: "commonName", value: commonName }], { keySize: 2048, algorithm: "sha256", ...(notAfterDate ? { notAfterDate } : {}) });
  return { cert: pems.cert, key: pems.private };
}

async function waitFor<T>(read: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("loadSmtpTlsCertificate from files", () => {
  let dir: string;
  let files: { certPath: string; keyPath: string };
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "outgate-smtp-tls-"));
    files = { certPath: path.join(dir, "cert.pem"), keyPath: path.join(dir, "key.pem") };
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("reads the PEM pair and describes it: subject, expiry, SHA-256 fingerprint", async () => {
    const pair = await makePair("mail.example.test");
    await Promise.all([writeFile(files.certPath, pair.cert), writeFile(files.keyPath, pair.key)]);
    const certificate = await loadSmtpTlsCertificate(files);
    const x509 = new X509Certificate(pair.cert);
    expect(certificate).toEqual({
      key: pair.key,
      cert: pair.cert,
      subject: "CN=mail.example.test",
      notAfter: new Date(x509.validTo),
      fingerprintSha256: x509.fingerprint256,
      source: "files",
    });
    expect(certificate.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it("refuses a key that is not the certificate's, and a file that is not PEM, naming the file", async () => {
    const [pair, other] = await Promise.all([makePair("a.example.test"), makePair("b.example.test")]);
    await Promise.all([writeFile(files.certPath, pair.cert), writeFile(files.keyPath, other.key)]);
    await expect(loadSmtpTlsCertificate(files)).rejects.toThrow(/key\.pem \(OUTGATE_SMTP_TLS_KEY\) is not the private key/);
    await writeFile(files.certPath, "not a certificate");
    await expect(loadSmtpTlsCertificate(files)).rejects.toThrow(/cert\.pem \(OUTGATE_SMTP_TLS_CERT\) is not a PEM certificate/);
  });

  it("reports a renewed pair once both files are written, and skips a half-written one", async () => {
    const [first, second] = await Promise.all([makePair("old.example.test"), makePair("new.example.test")]);
    await Promise.all([writeFile(files.certPath, first.cert), writeFile(files.keyPath, first.key)]);
    const seen: SmtpTlsCertificate[] = [];
    const stop = watchSmtpTlsCertificate((certificate) => seen.push(certificate), { files, intervalMs: 50 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Only the certificate so far: its key is still the old one, so nothing is reported.
      await writeFile(files.certPath, second.cert);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(seen).toEqual([]);
      await writeFile(files.keyPath, second.key);
      const renewed = await waitFor(() => seen[0]);
      expect(renewed).toMatchObject({ subject: "CN=new.example.test", source: "files", fingerprintSha256: new X509Certificate(second.cert).fingerprint256 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(seen).toHaveLength(1);
    } finally {
      stop();
    }
  });
});

describe("loadSmtpTlsCertificate, self-signed", () => {
  beforeEach(resetDatabase);

  it("generates one for the host name on the first call and keeps it in PostgreSQL (key sealed) for later calls", async () => {
    const first = await loadSmtpTlsCertificate(null);
    const { name } = await getHostName();
    expect(first).toMatchObject({ source: "self-signed", subject: `CN=${name.replace(/^\[|\]$/g, "")}` });
    expect(first.notAfter.getTime()).toBeGreaterThan(Date.now() + 4 * 365 * 86_400_000);
    const row = await getDb().smtpTlsCertificate.findUniqueOrThrow({ where: { id: 1 } });
    expect(row.certPem).toBe(first.cert);
    expect(row.keySealed).not.toContain("PRIVATE KEY");
    const again = await loadSmtpTlsCertificate(null);
    expect(again.fingerprintSha256).toBe(first.fingerprintSha256);
  });

  it("gives processes starting together one certificate", async () => {
    const results = await Promise.all([loadSmtpTlsCertificate(null), loadSmtpTlsCertificate(null), loadSmtpTlsCertificate(null)]);
    expect(new Set(results.map((certificate) => certificate.fingerprintSha256)).size).toBe(1);
  });

  it("renews a stored certificate that expires within 30 days", async () => {
    const expiring = await makePair("old.example.test", new Date(Date.now() + 10 * 86_400_000));
    await getDb().smtpTlsCertificate.create({ data: { id: 1, certPem: expiring.cert, keySealed: encryptSecret(expiring.key) } });
    const renewed = await loadSmtpTlsCertificate(null);
    expect(renewed.fingerprintSha256).not.toBe(new X509Certificate(expiring.cert).fingerprint256);
    expect(renewed.notAfter.getTime()).toBeGreaterThan(Date.now() + 365 * 86_400_000);
  });
});
