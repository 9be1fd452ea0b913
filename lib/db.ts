import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";

const globalForPrisma = globalThis as unknown as { outgatePrisma?: PrismaClient };

/**
 * The one Prisma client. Created on first use so `next build` needs no database, and kept on globalThis so
 * Next's dev reloads and the in-process worker share one pool.
 */
export function getDb(): PrismaClient {
  if (!globalForPrisma.outgatePrisma) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    const adapter = new PrismaPg({ connectionString, max: Number(process.env.OUTGATE_DB_POOL_SIZE ?? 10) });
    globalForPrisma.outgatePrisma = new PrismaClient({ adapter });
  }
  return globalForPrisma.outgatePrisma;
}

export async function disconnectDb(): Promise<void> {
  await globalForPrisma.outgatePrisma?.$disconnect();
  globalForPrisma.outgatePrisma = undefined;
}
