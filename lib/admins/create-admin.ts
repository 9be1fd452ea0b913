import { hashPassword } from "../auth/password";
import { getDb } from "../db";
import { AppError } from "../errors";

export async function createAdmin({ email, password }: { email: string; password: string }) {
  const db = getDb();
  if (await db.admin.findUnique({ where: { email }, select: { id: true } })) {
    throw new AppError("conflict", "An admin with this email already exists.", { email: ["An admin with this email already exists."] });
  }
  return db.admin.create({ data: { email, passwordHash: await hashPassword(password) }, select: { id: true, email: true, createdAt: true } });
}
