import pg from "pg";
import { describe, expect, it } from "vitest";
import { applyMigrations, listMigrations } from "./migrator";

describe("applyMigrations", () => {
  it("records every migration as Prisma does and is idempotent", async () => {
    const url = process.env.DATABASE_URL!;
    expect(await applyMigrations(url)).toEqual([]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      const expected = listMigrations();
      expect(rows.map((row) => row.migration_name)).toEqual(expected.map((m) => m.name));
      expect(rows.map((row) => row.checksum)).toEqual(expected.map((m) => m.checksum));
      for (const row of rows) {
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.applied_steps_count).toBe(1);
      }
    } finally {
      await client.end();
    }
  });
});
