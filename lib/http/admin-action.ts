import type { z } from "zod";
import { fieldErrorsFromZod, toAppError } from "../platform/errors";
import type { ActionResult } from "./action-result";
import { getAdminSession, type AdminSession } from "./get-admin-session";

/**
 * Wraps a server action: the admin session is checked first, then the input is parsed with the shared
 * schema, then the handler runs. Errors become an ActionResult, never a thrown 500.
 */
export function adminAction<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.output<S>, context: { admin: AdminSession }) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return (input) =>
    answerAction(async () => {
      const admin = await getAdminSession();
      if (!admin) return { ok: false, code: "unauthorized", message: "Your session has ended. Sign in again." };
      return parseThenRun(schema, input, (values) => handler(values, { admin }));
    });
}

/**
 * Wraps the one action that runs before any admin exists (first-run setup): no session to check, so what
 * authorises it must be in the input itself (the one-time setup token) and checked by the handler. The same
 * parsing and error answers as adminAction.
 */
export function tokenAction<S extends z.ZodType, T>(schema: S, handler: (input: z.output<S>) => Promise<T>): (input: z.input<S>) => Promise<ActionResult<T>> {
  return (input) => answerAction(() => parseThenRun(schema, input, handler));
}

async function parseThenRun<S extends z.ZodType, T>(schema: S, input: unknown, handler: (values: z.output<S>) => Promise<T>): Promise<ActionResult<T>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, code: "validation_failed", message: "Some fields are invalid.", fieldErrors: fieldErrorsFromZod(parsed.error) };
  }
  return { ok: true, data: await handler(parsed.data) };
}

/** Anything thrown becomes an ActionResult (unexpected errors are logged and answered generically). */
async function answerAction<T>(run: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await run();
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === "internal") console.error("[outgate] server action failed", error);
    return { ok: false, code: appError.code, message: appError.message, fieldErrors: appError.fields };
  }
}
