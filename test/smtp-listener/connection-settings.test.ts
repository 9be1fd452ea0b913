import { describe, expect, it } from "vitest";
import { X509Certificate } from "node:crypto";
import { listListenerCertificates } from "@/lib/console/smtp-credentials/list-listener-certificates";
import { readSmtpConnectionSettings } from "@/lib/console/smtp-credentials/read-smtp-connection-settings";
import { createTestCertificate, getTestCertificate } from "@/test/smtp/test-certificate";
import { getHostName } from "@/lib/platform/host-name";
import { eventually, setUpSmtpListenerTests } from "./smtp-listener-test-kit";

const kit = setUpSmtpListenerTests();

describe("the SMTP page's connection settings", () => {
  it("shows each port a running listener reported, with its kind and bind address, and the name clients use", async () => {
    const listener = await kit.start();
    const running = (kind: string, port: number | null) => ({ kind, port, host: "127.0.0.1", running: true, listeners: 1 });
    const settings = await eventually(readSmtpConnectionSettings, (value) => value.ports.filter((port) => port.running).length === 3);

    expect(settings.hostName).toBe((await getHostName()).name.replace(/^\[(?:IPv6:)?(.*)\]$/i, "$1"));
    expect(settings.ports.filter((port) => port.running)).toEqual([
      running("submission", listener.ports.submission),
      running("tls", listener.ports.tls),
      running("plain", listener.ports.plain),
    ]);
  });

  it("forgets a stopped listener's ports and lists the ports this process is configured for as not running", async () => {
    const first = await kit.start({ ports: { submission: 0, tls: null, plain: null } });
    const port = first.ports.submission!;
    await first.close(100);
    // The configured ports of this process (OUTGATE_SMTP_*) are listed even when no listener serves them.
    const settings = await readSmtpConnectionSettings();
    expect(settings.ports.some((entry) => entry.port === port)).toBe(false);
    expect(settings.ports.every((entry) => !entry.running)).toBe(true);
    expect(settings.ports.map((entry) => entry.kind)).toEqual(expect.arrayContaining(["submission", "tls"]));
  });

  it("says which certificate each running listener serves, also after a reload, and nothing for a listener without TLS", async () => {
    const other = await createTestCertificate({ dnsNames: ["mail-b.outgate.test"] });
    const first = await kit.start();
    const second = await kit.start({ certificate: other });
    await kit.start({ ports: { submission: null, tls: null, plain: 0 } });
    const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;
    const expected = (pem: string, listener: typeof first) => ({
      fingerprintSha256: fingerprint(pem),
      subject: expect.any(String),
      notAfter: new Date(new X509Certificate(pem).validTo),
      listeners: [{ host: "127.0.0.1", ports: [listener.ports.submission, listener.ports.tls] }],
    });

    const certificates = await eventually(listListenerCertificates, (value) => value.length === 2);
    expect(certificates).toEqual(expect.arrayContaining([expected((await getTestCertificate()).cert, first), expected(other.cert, second)]));
    expect(certificates.find((entry) => entry.fingerprintSha256 === fingerprint(other.cert))?.subject).toBe("CN=mail-b.outgate.test");

    // A renewed certificate file: the page shows the new one from the listener's next report on.
    const renewed = await createTestCertificate({ dnsNames: ["mail-b2.outgate.test"] });
    second.updateCertificate(renewed);
    const after = await eventually(listListenerCertificates, (value) => value.some((entry) => entry.fingerprintSha256 === fingerprint(renewed.cert)));
    expect(after.map((entry) => entry.fingerprintSha256).sort()).toEqual([fingerprint((await getTestCertificate()).cert), fingerprint(renewed.cert)].sort());
  });
});
