import { generate } from "selfsigned";

export type TestCertificate = { key: string; cert: string };

let pending: Promise<TestCertificate> | undefined;

/**
 * A self-signed certificate for localhost and 127.0.0.1, made once per test process (key generation is the slow
 * part). Pass `cert` as a trusted CA to verify it; without that, clients must reject it like any unknown issuer.
 */
export function getTestCertificate(): Promise<TestCertificate> {
  pending ??= createCertificate();
  return pending;
}

async function createCertificate(): Promise<TestCertificate> {
  const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000);
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
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
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
