import { getServerSession } from "next-auth";
import { getDb } from "../db";
import { authOptions } from "./auth-options";

export type AdminSession = { id: string; email: string };

/**
 * The signed-in admin, or null. The admin row is re-read so a removed admin loses access at once,
 * even while their session cookie is still valid.
 */
export async function getAdminSession(): Promise<AdminSession | null> {
  const session = (await getServerSession(authOptions)) as { adminId?: string } | null;
  if (!session?.adminId) return null;
  return getDb().admin.findUnique({ where: { id: session.adminId }, select: { id: true, email: true } });
}
