import { getDb } from "../lib/platform/db";

/** Empties every application table (not the migrations record) so each test starts from a known state. */
export async function resetDatabase(): Promise<void> {
  const db = getDb();
  const rows = await db.$queryRawUnsafe<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
  );
  if (rows.length === 0) return;
  await db.$executeRawUnsafe(`TRUNCATE ${rows.map((row) => `"${row.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`);
  // The single-row tables are seeded by their migration; put their rows back as a fresh install has them.
  await db.$executeRawUnsafe(`INSERT INTO round_robin_cursor (id, position) VALUES (1, 0) ON CONFLICT DO NOTHING`);
  await db.$executeRawUnsafe(`INSERT INTO delivery_settings (id) VALUES (1) ON CONFLICT DO NOTHING`);
}
