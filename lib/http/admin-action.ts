import type { z } from "zod";
import { getAdminSession, type AdminSession } from "./get-admin-session";
import { fieldErrorsFromZod, toAppError } from "../platform/errors";
import type { ActionResult } from "./action-result";

/**
 * Wraps a server action: the admin session is checked first, then the input is parsed with the shared
 * schema, then the handler runs. Errors become an ActionResult, never a thrown 500.
 */
export function adminAction<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.output<S>, context: { admin: AdminSession }) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    try {
      const admin = await getAdminSession();
      if (!admin) return { ok: false, code: "unauthorized", message: "Your session has ended. Sign in again." };
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        return { ok: false, code: "validation_failed", message: "Some fields are invalid.", fieldErrors: fieldErrorsFromZod(parsed.error) };
      }
      return { ok: true, data: await handler(parsed.data, { admin }) };
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === "internal") console.error("[outgate] server action failed", error);
      return { ok: false, code: appError.code, message: appError.message, fieldErrors: appError.fields };
    }
  };
}
