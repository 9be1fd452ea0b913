import os from "node:os";
import path from "node:path";

/** Shared between global setup, teardown and specs (which run in other processes). */
export const E2E_ROOT = path.join(os.tmpdir(), `outgate-e2e-${process.env.E2E_PORT}`);
export const SERVER_LOG = path.join(E2E_ROOT, "server.log");
export const SERVER_PID = path.join(E2E_ROOT, "server.pid");
/** JSON of TrustedGatewayCertificates: certificates the server under test trusts (NODE_EXTRA_CA_CERTS). */
export const TRUSTED_GATEWAY_CERTIFICATES = path.join(E2E_ROOT, "trusted-gateway-certificates.json");
export const ADMIN_STATE = path.join(__dirname, "..", ".auth", "admin.json");
export const ADMIN = { email: "first.admin@example.com", password: "e2e first admin password" };
