import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { findFreePort } from "../../lib/platform/free-port";
import { readEmbeddedDatabaseUrl } from "../../lib/platform/local-defaults";

export type SecondOutgate = {
  url: string;
  /** Its embedded PostgreSQL, from the URL file `npm start` writes in its data folder (as `npm run worker` finds it). */
  databaseUrl: string;
  admin: { email: string; password: string };
  /** Its data folder (OUTGATE_DATA_DIR): the embedded PostgreSQL's is `postgres` inside it. */
  dataDir: string;
  stop(): Promise<void>;
};

/**
 * A second, independent Outgate ("instance B") from the same build: its own port, data folder, embedded
 * PostgreSQL and secrets, its admin created from the environment, and no in-process worker so its queue
 * stays exactly as a test leaves it.
 */
export async function startSecondOutgate(): Promise<SecondOutgate> {
  const root = path.resolve(__dirname, "..", "..");
  const port = await findFreePort();
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), "outgate-e2e-b-"));
  fs.chmodSync(dataRoot, 0o755);
  const logFile = path.join(dataRoot, "server.log");
  const log = fs.openSync(logFile, "a");
  const admin = { email: "peer.admin@example.com", password: "peer outgate admin password" };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    OUTGATE_DATA_DIR: path.join(dataRoot, "data"),
    DATABASE_URL: "",
    OUTGATE_ADMIN_EMAIL: admin.email,
    OUTGATE_ADMIN_PASSWORD: admin.password,
    OUTGATE_INPROCESS_WORKER: "false",
    // Its SMTP ports would collide with the first server's; no spec needs SMTP from the second one.
    OUTGATE_SMTP_ENABLED: "false",
    NODE_ENV: "production",
  };
  // B makes its own secrets in its data folder; never share A's.
  delete env.OUTGATE_SECRET_KEY;
  delete env.NEXTAUTH_SECRET;
  const child: ChildProcess = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/start.ts"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", log, log],
    env,
  });
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      process.kill(child.pid, "SIGTERM");
      await Promise.race([new Promise((resolve) => child.once("exit", resolve)), new Promise((resolve) => setTimeout(resolve, 20_000))]);
    }
    fs.rmSync(dataRoot, { recursive: true, force: true });
  };

  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const healthy = await fetch(`${url}/api/health`).then((response) => response.ok, () => false);
    if (healthy) {
      // The embedded database's passwords are random (issue #12): `npm start` records its URL in the data folder.
      const databaseUrl = readEmbeddedDatabaseUrl(path.join(dataRoot, "data"));
      if (!databaseUrl) break;
      return { url, databaseUrl, admin, dataDir: path.join(dataRoot, "data"), stop };
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  const output = fs.readFileSync(logFile, "utf8").slice(-3000);
  await stop();
  throw new Error(`Outgate B did not become healthy:\n${output}`);
}
