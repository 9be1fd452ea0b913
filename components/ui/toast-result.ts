import { toast } from "sonner";
import type { ActionResult } from "@/lib/http/action-result";

/**
 * Tells the admin how a server action went: a success toast with `success` (text, or built from the result's
 * data), or an error toast with the action's own message. Returns the result narrowed, so callers go on with
 * `if (!showActionResult(result, "Saved")) return;` and still handle field errors themselves.
 */
export function showActionResult<T>(result: ActionResult<T>, success: string | ((data: T) => string)): result is { ok: true; data: T } {
  if (result.ok) {
    toast.success(typeof success === "function" ? success(result.data) : success);
    return true;
  }
  toast.error(result.message);
  return false;
}

/** For client work that is not a server action (a fetch, a copy to the clipboard). */
export { toast };
