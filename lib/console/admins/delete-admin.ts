import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";

/** Removes another admin. Nobody removes themselves, so the console can never end up with no admin. */
export async function deleteAdmin({ id, actingAdminId }: { id: string; actingAdminId: string }): Promise<void> {
  if (id === actingAdminId) throw new AppError("bad_request", "You cannot remove yourself; ask another admin.");
  const { count } = await getDb().admin.deleteMany({ where: { id } });
  if (count === 0) throw new AppError("not_found", "That admin no longer exists.");
}
