import { hashPassword } from "../lib/platform/password";
import { getDb } from "../lib/platform/db";

let counter = 0;

/** A real admin row (argon2id hash) for tests that need a signed-in caller. */
export async function createTestAdmin(overrides: { email?: string; password?: string } = {}) {
  counter += 1;
  const email = overrides.email ?? `admin${counter}-${Date.now()}@example.test`;
  const passwordHash = await hashPassword(overrides.password ?? "correct horse battery");
  return getDb().admin.create({ data: { email, passwordHash }, select: { id: true, email: true } });
}
