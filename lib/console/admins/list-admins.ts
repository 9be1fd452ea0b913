import { getDb } from "../../platform/db";

export function listAdmins() {
  return getDb().admin.findMany({ select: { id: true, email: true, createdAt: true }, orderBy: { createdAt: "asc" } });
}

export async function countAdmins(): Promise<number> {
  return getDb().admin.count();
}
