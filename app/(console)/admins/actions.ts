"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { adminAction } from "@/lib/http/admin-action";
import { createAdmin } from "@/lib/console/admins/create-admin";
import { changeAdminPassword } from "@/lib/console/admins/change-admin-password";
import { deleteAdmin } from "@/lib/console/admins/delete-admin";
import { readClientIp } from "@/lib/http/read-client-ip";
import { adminInputSchema, changePasswordSchema } from "@/lib/validation/admin";

export const createAdminAction = adminAction(adminInputSchema, async ({ email, password }, { admin: actor }) => {
  const admin = await createAdmin({ email, password, actor });
  revalidatePath("/admins");
  return { id: admin.id, email: admin.email };
});

export const deleteAdminAction = adminAction(z.object({ id: z.uuid() }), async ({ id }, { admin }) => {
  await deleteAdmin({ id, actingAdminId: admin.id, actor: admin });
  revalidatePath("/admins");
  return null;
});

/**
 * The signed-in admin's own password. Every session of the admin ends with it, this browser's included: the form
 * then signs out and sends the admin to the login page to sign in with the new password.
 */
export const changePasswordAction = adminAction(changePasswordSchema, async ({ currentPassword, newPassword }, { admin }) => {
  const requestHeaders = await headers();
  await changeAdminPassword({ admin, currentPassword, newPassword, ip: readClientIp((name) => requestHeaders.get(name)) });
  return null;
});
