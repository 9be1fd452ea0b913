import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { E2E_ROOT, SERVER_LOG, SERVER_PID } from "./paths";
import { findFreePort } from "../../lib/platform/free-port";
import { writeTrustedGatewayCertificates } from "./trusted-gateway-certificates";

/**
 * Starts the real product the way a user does (`scripts/start.ts`: embedded PostgreSQL, migrations, the
 * production build) in a fresh data folder, logging to a file so specs can read what the server prints.
 */
export default async function globalSetup() {
  fs.rmSync(E2E_ROOT, { recursive: true, force: true });
  fs.mkdirSync(E2E_ROOT, { recursive: true, mode: 0o755 });
  fs.chmodSync(E2E_ROOT, 0o755);
  const root = path.resolve(__dirname, "..", "..");
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) throw new Error("Run `npm run build` before the e2e tests.");
  const trustedCaFile = await writeTrustedGatewayCertificates();
  const log = fs.openSync(SERVER_LOG, "a");
  const server = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/start.ts"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      PORT: process.env.E2E_PORT,
      HOST: "127.0.0.1",
      NEXTAUTH_URL: `http://127.0.0.1:${process.env.E2E_PORT}`,
      OUTGATE_DATA_DIR: path.join(E2E_ROOT, "data"),
      OUTGATE_WORKER_TOKEN: "e2e-worker-token-e2e-worker-token",
      // Short, so e2e/gateway-health.spec.ts sees a gateway go Down and come back within seconds.
      OUTGATE_PROBE_INTERVAL_SECONDS: "2",
      // Gateways presenting these verify like ones signed by a public CA (e2e/gateway-certificate.spec.ts).
      NODE_EXTRA_CA_CERTS: trustedCaFile,
      // The SMTP listener on ports of its own: the defaults (2587/2465) may be taken by another Outgate on this machine.
      OUTGATE_SMTP_HOST: "127.0.0.1",
      OUTGATE_SMTP_SUBMISSION_PORT: String(await findFreePort()),
      OUTGATE_SMTP_TLS_PORT: String(await findFreePort()),
      DATABASE_URL: "",
      NODE_ENV: "production",
    },
  });
  server.unref();
  fs.writeFileSync(SERVER_PID, String(server.pid));
  await waitForHealthy(`http://127.0.0.1:${process.env.E2E_PORT}/api/health`, 90_000);
}

async function waitForHealthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`Outgate did not become healthy; see ${SERVER_LOG}:\n${fs.readFileSync(SERVER_LOG, "utf8").slice(-3000)}`);
}
