"use server";

import { completeSetup } from "@/lib/console/admins/setup-token";
import type { ActionResult } from "@/lib/http/action-result";
import { fieldErrorsFromZod, toAppError } from "@/lib/platform/errors";
import { setupInputSchema, type SetupInput } from "@/lib/validation/admin";

/** Not behind the admin session (there is no admin yet): the setup token is what authorises it. */
export async function completeSetupAction(input: SetupInput): Promise<ActionResult<{ email: string }>> {
  const parsed = setupInputSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, code: "validation_failed", message: "Some fields are invalid.", fieldErrors: fieldErrorsFromZod(parsed.error) };
  }
  try {
    const admin = await completeSetup(parsed.data);
    return { ok: true, data: { email: admin.email } };
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === "internal") console.error("[outgate] setup failed", error);
    return { ok: false, code: appError.code, message: appError.message, fieldErrors: appError.fields };
  }
}
