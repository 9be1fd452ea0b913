"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/http/admin-action";
import { createApiKey } from "@/lib/console/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/console/api-keys/revoke-api-key";
import { apiKeyInputSchema } from "@/lib/validation/api-key";

/** Returns the plaintext key: this answer is the only time anyone sees it. */
export const createApiKeyAction = adminAction(apiKeyInputSchema, async (values, { admin }) => {
  const created = await createApiKey(values, admin);
  revalidatePath("/api-keys");
  return created;
});

export const revokeApiKeyAction = adminAction(z.object({ id: z.uuid() }), async ({ id }, { admin }) => {
  await revokeApiKey({ id, actor: admin });
  revalidatePath("/api-keys");
  return null;
});
