"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/http/admin-action";
import { createAdmin } from "@/lib/console/admins/create-admin";
import { deleteAdmin } from "@/lib/console/admins/delete-admin";
import { adminInputSchema } from "@/lib/validation/admin";

export const createAdminAction = adminAction(adminInputSchema, async ({ email, password }) => {
  const admin = await createAdmin({ email, password });
  revalidatePath("/admins");
  return { id: admin.id, email: admin.email };
});

export const deleteAdminAction = adminAction(z.object({ id: z.uuid() }), async ({ id }, { admin }) => {
  await deleteAdmin({ id, actingAdminId: admin.id });
  revalidatePath("/admins");
  return null;
});
