import { beforeEach, describe, expect, it } from "vitest";
import { getDb, getPool } from "../../platform/db";
import { resetDatabase } from "../../../test/db";
import { DEFAULT_DELIVERY_SETTINGS, getDeliverySettings } from "./get-delivery-settings";
import { DEFAULT_RETRY_SCHEDULE } from "./retry-schedule";

/** The migrated database's default for each column of delivery_settings: pg_attrdef's expression, evaluated. */
async function readColumnDefaults(): Promise<Record<string, unknown>> {
  const pool = getPool();
  const { rows } = await pool.query<{ column: string; expression: string }>(
    `SELECT a.attname AS column, pg_get_expr(d.adbin, d.adrelid) AS expression
       FROM pg_attrdef AS d JOIN pg_attribute AS a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
      WHERE d.adrelid = 'delivery_settings'::regclass`,
  );
  const defaults: Record<string, unknown> = {};
  for (const { column, expression } of rows) {
    // The expression is the catalog's own text (e.g. ARRAY[300, 600]::integer[]), not user input.
    const evaluated = await pool.query<{ value: unknown }>(`SELECT ${expression} AS value`);
    defaults[column] = evaluated.rows[0].value;
  }
  return defaults;
}

const columnOf = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

describe("delivery settings defaults", () => {
  beforeEach(resetDatabase);

  it("are the migration's column defaults, so a fresh install and a missing row behave alike", async () => {
    const defaults = await readColumnDefaults();
    const expected = Object.fromEntries(Object.entries(DEFAULT_DELIVERY_SETTINGS).map(([field, value]) => [columnOf(field), value]));
    expect(defaults).toMatchObject(expected);
    expect(defaults).toMatchObject({
      retry_delays_seconds: DEFAULT_RETRY_SCHEDULE.delaysSeconds,
      max_lifetime_seconds: DEFAULT_RETRY_SCHEDULE.maxLifetimeSeconds,
    });
  });

  it("are what a missing row or an empty delay list reads as", async () => {
    await getDb().deliverySettings.update({ where: { id: 1 }, data: { retryDelaysSeconds: [], maxLifetimeSeconds: 7200 } });
    expect(await getDeliverySettings()).toEqual({ ...DEFAULT_DELIVERY_SETTINGS, maxLifetimeSeconds: 7200 });
    await getDb().deliverySettings.deleteMany();
    expect(await getDeliverySettings()).toEqual(DEFAULT_DELIVERY_SETTINGS);
  });
});
