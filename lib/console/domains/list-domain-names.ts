import { getDb } from "../../platform/db";

/** Every hosted domain's id and ASCII name, by name: the choices of a domain allow-list (API keys). */
export async function listDomainNames(): Promise<{ id: string; name: string }[]> {
  return getDb().domain.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
}
