import fs from "node:fs";
import path from "node:path";
import { createTestCertificate, type TestCertificate } from "../../test/smtp/test-certificate";
import { E2E_ROOT, TRUSTED_GATEWAY_CERTIFICATES } from "./paths";

export type TrustedGatewayCertificates = {
  /** Made out to localhost and 127.0.0.1: verifies for a gateway at 127.0.0.1. */
  matching: TestCertificate;
  /** Made out to mail.other.example only: trusted, but not for 127.0.0.1 (ERR_TLS_CERT_ALTNAME_INVALID). */
  otherName: TestCertificate;
};

/**
 * Global setup: makes both certificates, saves them for the specs (another process) and returns the PEM bundle the
 * server under test is started with as NODE_EXTRA_CA_CERTS — so "Verify certificate" can be tested switched on.
 */
export async function writeTrustedGatewayCertificates(): Promise<string> {
  const certificates: TrustedGatewayCertificates = {
    matching: await createTestCertificate({ dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"] }),
    otherName: await createTestCertificate({ dnsNames: ["mail.other.example"] }),
  };
  fs.writeFileSync(TRUSTED_GATEWAY_CERTIFICATES, JSON.stringify(certificates));
  const bundle = path.join(E2E_ROOT, "trusted-gateway-cas.pem");
  fs.writeFileSync(bundle, `${certificates.matching.cert}\n${certificates.otherName.cert}\n`);
  return bundle;
}

/** In a spec: the certificates global setup made. */
export function readTrustedGatewayCertificates(): TrustedGatewayCertificates {
  return JSON.parse(fs.readFileSync(TRUSTED_GATEWAY_CERTIFICATES, "utf8")) as TrustedGatewayCertificates;
}
