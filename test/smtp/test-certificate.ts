import { generate } from "selfsigned";

export type TestCertificate = { key: string; cert: string };

let pending: Promise<TestCertificate> | undefined;

/**
 * A self-signed certificate for localhost and 127.0.0.1, made once per test process (key generation is the slow
 * part). Pass `cert` as a trusted CA to verify it; without that, clients must reject it like any unknown issuer.
 */
export function getTestCertificate(): Promise<TestCertificate> {
  pending ??= createTestCertificate({ dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"] });
  return pending;
}

export type CertificateNames = {
  /** subjectAltName DNS entries; the first is also the common name. */
  dnsNames: string[];
  /** subjectAltName IP entries. */
  ipAddresses?: string[];
};

/**
 * A fresh self-signed certificate (P-256, valid from an hour ago for 30 days) made out to exactly these names, e.g.
 * one that is trusted but names another host, for the identity check of RFC 6125 / RFC 3207 §4.1.
 */
export async function createTestCertificate({ dnsNames, ipAddresses = [] }: CertificateNames): Promise<TestCertificate> {
  const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000);
  const pems = await generate([{ name: "commonName", value: dnsNames[0] }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 30 * 24 * 60 * 60 * 1000),
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          ...dnsNames.map((value) => ({ type: 2 as const, value })),
          ...ipAddresses.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
