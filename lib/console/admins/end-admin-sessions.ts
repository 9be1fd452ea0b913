import { getDb } from "../../platform/db";

/**
 * Ends every session of an admin (all browsers) by bumping its session version, which each request compares with
 * the one in its session cookie (lib/http/get-admin-session.ts). With `fromVersion`, only when the admin's sessions
 * are still at that version: a stale cookie signing out does not end the sessions issued after it.
 */
export async function endAdminSessions({ adminId, fromVersion }: { adminId: string; fromVersion?: number }): Promise<void> {
  await getDb().admin.updateMany({
    where: { id: adminId, ...(fromVersion === undefined ? {} : { sessionVersion: fromVersion }) },
    data: { sessionVersion: { increment: 1 } },
  });
}
