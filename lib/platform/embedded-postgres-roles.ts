import pg from "pg";

/**
 * The bootstrap superuser's password in data folders made before issue #12 (it was the same on every machine);
 * such a folder keeps it only until its first start with this code, which replaces it.
 */
const LEGACY_SUPERUSER_PASSWORD = "outgate";

/** PostgreSQL's SQLSTATE for a wrong password (Appendix A, class 28). */
const INVALID_PASSWORD = "28P01";

type Server = { port: number; superuser: string };

/**
 * Makes `password` the superuser's password. A data folder from before issue #12 still has the well-known
 * legacy one: then we sign in with that and change it. The caller stores `password` first, so a crash between
 * the two steps leaves a password we know. Throws when neither password is accepted (the folder is not ours).
 */
export async function ensureSuperuserPassword(server: Server, password: string): Promise<void> {
  const probe = connect(server, server.superuser, password, "postgres");
  try {
    await probe.connect();
    await probe.end();
    return;
  } catch (error) {
    await probe.end().catch(() => {});
    if ((error as { code?: string }).code !== INVALID_PASSWORD) throw error;
  }
  const legacy = connect(server, server.superuser, LEGACY_SUPERUSER_PASSWORD, "postgres");
  try {
    await legacy.connect();
  } catch (error) {
    await legacy.end().catch(() => {});
    throw new Error(`The embedded PostgreSQL refused the stored superuser password (${(error as Error).message}); was the data folder's password file replaced?`);
  }
  try {
    await legacy.query(`ALTER ROLE ${legacy.escapeIdentifier(server.superuser)} PASSWORD ${legacy.escapeLiteral(password)}`);
  } finally {
    await legacy.end();
  }
}

/**
 * The application's role: it may log in and owns the `public` schema of `database` with everything in it (tables
 * made before issue #12 by the superuser are handed over), and nothing more — no superuser, no CREATEDB, no
 * CREATEROLE, so it cannot run programs on the host (COPY … TO PROGRAM) or grant itself more. Safe to run on every
 * start: it also resets the role's password to the stored one.
 */
export async function ensureAppRole(server: Server, superuserPassword: string, database: string, role: string, password: string): Promise<void> {
  const client = connect(server, server.superuser, superuserPassword, database);
  await client.connect();
  try {
    const name = client.escapeIdentifier(role);
    const exists = (await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role])).rowCount === 1;
    const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(password)}`;
    await client.query(`${exists ? "ALTER" : "CREATE"} ROLE ${name} WITH ${attributes}`);
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${client.escapeIdentifier(database)} TO ${name}`);
    await client.query(`ALTER SCHEMA public OWNER TO ${name}`);
    // pg_trgm backs the Messages page's substring search (migration 20261202040000). Trusted since PG 13, but a
    // role needs CREATE on the database to install even a trusted extension, which the app role must not have;
    // the migration's CREATE EXTENSION IF NOT EXISTS then finds it and asks for nothing.
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public");
    for (const statement of await listOwnershipChanges(client, role)) await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * ALTER … OWNER statements for the objects in `public` that `role` does not own yet. Indexes and the sequences
 * behind identity/serial columns follow their table, so only free-standing sequences are named; an extension's
 * functions (pg_trgm's) stay with the extension.
 */
async function listOwnershipChanges(client: pg.Client, role: string): Promise<string[]> {
  const { rows } = await client.query<{ statement: string }>(
    `SELECT format('ALTER %s %s OWNER TO %I', CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, c.oid::regclass, $1::text) AS statement
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND pg_get_userbyid(c.relowner) <> $1
        AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
     UNION ALL
     SELECT format('ALTER TYPE %s OWNER TO %I', t.oid::regtype, $1::text)
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd') AND pg_get_userbyid(t.typowner) <> $1
     UNION ALL
     SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, $1::text)
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> $1
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')`,
    [role],
  );
  return rows.map((row) => row.statement);
}

function connect(server: Server, user: string, password: string, database: string): pg.Client {
  const client = new pg.Client({ host: "127.0.0.1", port: server.port, user, password, database });
  // A connection that dies while we talk to it rejects the pending query; the event must not crash the process.
  client.on("error", () => {});
  return client;
}
