import { beforeEach, describe, expect, it } from "vitest";
import { getPool } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { createTestGateway } from "@/test/engine/create-test-gateway";
import { DEFAULT_SESSION_SETTINGS } from "@/lib/engine/delivery/smtp/session-settings";
import { GATEWAY_SESSION_BOUNDS } from "@/lib/validation/gateway";
import { GATEWAY_SESSION_SELECT } from "@/lib/engine/routing/load-routing-table";
import { GATEWAY_SESSION_DEFAULTS, GATEWAY_SESSION_FACTS } from "./session-columns";

const columnOf = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** The migrated database's default for each session column of gateways, evaluated. */
async function readColumnDefaults(): Promise<Record<string, unknown>> {
  const pool = getPool();
  const { rows } = await pool.query<{ column: string; expression: string }>(
    `SELECT a.attname AS column, pg_get_expr(d.adbin, d.adrelid) AS expression
       FROM pg_attrdef AS d JOIN pg_attribute AS a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
      WHERE d.adrelid = 'gateways'::regclass`,
  );
  const defaults: Record<string, unknown> = {};
  for (const { column, expression } of rows) {
    // The expression is the catalog's own text (e.g. 'AUTO'::"GatewayAuthMechanism"), not user input.
    defaults[column] = (await pool.query<{ value: unknown }>(`SELECT (${expression})::text AS value`)).rows[0].value;
  }
  return defaults;
}

describe("gateway session columns", () => {
  beforeEach(resetDatabase);

  it("default to DEFAULT_SESSION_SETTINGS, in seconds: RFC 5321 §4.5.3.2's minimums and a short connect", async () => {
    expect(GATEWAY_SESSION_DEFAULTS).toEqual({
      authMechanism: "AUTO",
      connectTimeoutSeconds: DEFAULT_SESSION_SETTINGS.timeouts.connectMs / 1000,
      greetingTimeoutSeconds: 300,
      mailTimeoutSeconds: 300,
      rcptTimeoutSeconds: 300,
      dataInitTimeoutSeconds: 120,
      dataBlockTimeoutSeconds: 180,
      dataTermTimeoutSeconds: 600,
      maxConnections: DEFAULT_SESSION_SETTINGS.maxConnections,
      messagesPerConnection: DEFAULT_SESSION_SETTINGS.messagesPerConnection,
      recipientsPerTransaction: DEFAULT_SESSION_SETTINGS.recipientsPerTransaction,
    });
    const defaults = await readColumnDefaults();
    const expected = Object.fromEntries(Object.entries(GATEWAY_SESSION_DEFAULTS).map(([field, value]) => [columnOf(field), String(value)]));
    expect(Object.keys(expected)).toHaveLength(Object.keys(GATEWAY_SESSION_SELECT).length);
    expect(defaults).toMatchObject(expected);
  });

  it("warn below the RFC's minimum for every SMTP stage, never for the TCP connect", () => {
    expect(GATEWAY_SESSION_FACTS.rfcMinimumSeconds).toEqual({
      greetingTimeoutSeconds: 300,
      mailTimeoutSeconds: 300,
      rcptTimeoutSeconds: 300,
      dataInitTimeoutSeconds: 120,
      dataBlockTimeoutSeconds: 180,
      dataTermTimeoutSeconds: 600,
    });
  });

  it.each(Object.entries(GATEWAY_SESSION_BOUNDS))("are bounded in the database as in the schema: %s", async (field, { min, max }) => {
    const { id } = await createTestGateway({ port: 2525 });
    const set = (value: number) => getPool().query(`UPDATE gateways SET ${columnOf(field)} = $1 WHERE id = $2`, [value, id]);
    await expect(set(min)).resolves.toBeDefined();
    await expect(set(max)).resolves.toBeDefined();
    await expect(set(min - 1)).rejects.toThrow(/check constraint/);
    await expect(set(max + 1)).rejects.toThrow(/check constraint/);
  });
});
