"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/http/admin-action";
import { createSmtpCredential } from "@/lib/console/smtp-credentials/create-smtp-credential";
import { revokeSmtpCredential } from "@/lib/console/smtp-credentials/revoke-smtp-credential";
import { smtpCredentialInputSchema } from "@/lib/validation/smtp-credential";

/** Returns the generated password: this answer is the only time anyone sees it. */
export const createSmtpCredentialAction = adminAction(smtpCredentialInputSchema, async (values, { admin }) => {
  const created = await createSmtpCredential(values, admin);
  revalidatePath("/smtp");
  return created;
});

export const revokeSmtpCredentialAction = adminAction(z.object({ id: z.uuid() }), async ({ id }, { admin }) => {
  await revokeSmtpCredential({ id, actor: admin });
  revalidatePath("/smtp");
  return null;
});
