import path from "node:path";
import pg from "pg";
import { readEmbeddedDatabaseUrl } from "../../lib/platform/local-defaults";
import { E2E_ROOT } from "./paths";

/**
 * A pg client on the e2e server's own embedded database, for specs that seed rows straight into it (the server's
 * worker leaves mail due later alone). The caller ends it in afterAll. Throws when the server's database is not found.
 */
export async function connectToE2eDatabase(): Promise<pg.Client> {
  const url = readEmbeddedDatabaseUrl(path.join(E2E_ROOT, "data"));
  if (!url) throw new Error("The e2e server's database URL was not found.");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}
