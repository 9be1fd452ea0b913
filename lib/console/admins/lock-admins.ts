import type { Prisma } from "../../generated/prisma/client";

/** pg_advisory_xact_lock key for "the set of admins": first-run setup, bootstrap and removal take it. */
const ADMINS_LOCK_KEY = 7270001;

/**
 * Serialises changes to the set of admins until the transaction ends, so checks such as "is there another admin?"
 * or "is there no admin yet?" still hold when the change commits (READ COMMITTED alone lets two transactions each
 * see the other's row and both go ahead).
 */
export async function lockAdmins(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMINS_LOCK_KEY}::bigint)`;
}
