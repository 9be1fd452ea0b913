import { getDb } from "../lib/db";

/** Empties every application table (not the migrations record) so each test starts from a known state. */
export async function resetDatabase(): Promise<void> {
  const db = getDb();
  const rows = await db.$queryRawUnsafe<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
  );
  if (rows.length === 0) return;
  await db.$executeRawUnsafe(`TRUNCATE ${rows.map((row) => `"${row.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`);
}
