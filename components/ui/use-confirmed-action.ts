import { useTransition } from "react";
import type { ActionResult } from "@/lib/http/action-result";
import { useConfirm, type ConfirmOptions } from "./confirm-dialog";
import { showActionResult } from "./toast-result";

/**
 * A row's destructive action (revoke, delete): ask with the console's confirm dialog, run the server action in a
 * transition, toast its result. The action revalidates its page, so the grid refreshes itself; `onSuccess` is for
 * callers that must go elsewhere afterwards (a redirect). Render `confirmDialog` once; disable the row buttons while
 * `pending`.
 *
 *   const { run, pending, confirmDialog } = useConfirmedAction();
 *   run({ title: "Revoke API key", description: "…", confirmLabel: "Revoke" }, () => revokeAction({ id }), "Revoked …");
 */
export function useConfirmedAction() {
  const [pending, startTransition] = useTransition();
  const { confirm, confirmDialog } = useConfirm();

  /** Resolves once the admin answered; the action itself then runs in the transition (watch `pending`). */
  async function run<T>(options: ConfirmOptions, action: () => Promise<ActionResult<T>>, success: string, onSuccess?: () => void): Promise<void> {
    if (!(await confirm(options))) return;
    startTransition(async () => {
      if (showActionResult(await action(), success)) onSuccess?.();
    });
  }

  return { run, pending, confirmDialog };
}
