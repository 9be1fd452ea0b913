import { redirect } from "next/navigation";
import { getAdminSession, type AdminSession } from "./get-admin-session";

/** For pages and layouts: the admin, or a redirect to the login page. */
export async function requireAdminPage(): Promise<AdminSession> {
  const admin = await getAdminSession();
  if (!admin) redirect("/login");
  return admin;
}
