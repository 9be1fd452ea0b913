import { hashPassword } from "../../platform/password";
import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";

export async function createAdmin({ email, password }: { email: string; password: string }) {
  const db = getDb();
  if (await db.admin.findUnique({ where: { email }, select: { id: true } })) {
    throw new AppError("conflict", "An admin with this email already exists.", { email: ["An admin with this email already exists."] });
  }
  return db.admin.create({ data: { email, passwordHash: await hashPassword(password) }, select: { id: true, email: true, createdAt: true } });
}
