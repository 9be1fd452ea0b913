import { hashPassword } from "../../platform/password";
import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";

/**
 * Adds an admin (argon2id hash). The email's unique index decides a race between two adds of one address;
 * the loser gets AppError "conflict" with a field error on `email`, never a 500.
 */
export async function createAdmin({ email, password }: { email: string; password: string }) {
  const passwordHash = await hashPassword(password);
  try {
    return await getDb().admin.create({ data: { email, passwordHash }, select: { id: true, email: true, createdAt: true } });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError("conflict", "An admin with this email already exists.", { email: ["An admin with this email already exists."] });
    }
    throw error;
  }
}
