import fs from "node:fs";
import path from "node:path";
import { readOrCreateSecret } from "./local-secrets";

/** Where `npm start` keeps the embedded database and generated secrets. */
export function resolveDataDir(root: string): string {
  return path.resolve(process.env.OUTGATE_DATA_DIR ?? path.join(root, ".data"));
}

const DATABASE_URL_FILE = "database-url";

/**
 * Fills in what the environment leaves out, from the data folder: the sealing key and the session secret
 * (generated once), so the web server and `npm run worker` processes on one machine share them.
 */
export function applyLocalSecrets(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  process.env.OUTGATE_SECRET_KEY ||= readOrCreateSecret(dataDir, "secret-key");
  process.env.NEXTAUTH_SECRET ||= readOrCreateSecret(dataDir, "nextauth-secret");
}

/** The embedded database's URL, recorded by `npm start` so local workers can find it. */
export function recordEmbeddedDatabaseUrl(dataDir: string, url: string): void {
  fs.writeFileSync(path.join(dataDir, DATABASE_URL_FILE), `${url}\n`, { mode: 0o600 });
}

export function readEmbeddedDatabaseUrl(dataDir: string): string | null {
  const file = path.join(dataDir, DATABASE_URL_FILE);
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() || null : null;
}
