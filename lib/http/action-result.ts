import type { FieldErrors } from "../platform/errors";

/** What every server action returns; forms show `fieldErrors` next to their fields. */
export type ActionResult<T = null> =
  | { ok: true; data: T }
  | { ok: false; code: string; message: string; fieldErrors?: FieldErrors };
