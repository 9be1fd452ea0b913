"use server";

import { completeSetup } from "@/lib/console/admins/setup-token";
import { tokenAction } from "@/lib/http/admin-action";
import { setupInputSchema } from "@/lib/validation/admin";

/** Not behind the admin session (there is no admin yet): the one-time setup token in the input authorises it. */
export const completeSetupAction = tokenAction(setupInputSchema, async (values) => {
  const admin = await completeSetup(values);
  return { email: admin.email };
});
