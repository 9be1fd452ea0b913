import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { showActionResult } from "@/components/ui/toast-result";
import type { DeleteDomain } from "./types";

/**
 * Confirms (the console's dialog: render `confirmDialog`), deletes with a toast, then either stays (the action
 * revalidates the grid) or goes to `redirectTo`.
 */
export function useDeleteDomain(deleteAction: DeleteDomain | undefined, redirectTo?: string) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const { confirm, confirmDialog } = useConfirm();

  async function remove(domain: { id: string; displayName: string }) {
    if (!deleteAction) return;
    const confirmed = await confirm({
      title: "Delete domain",
      description: `Delete the domain ${domain.displayName}? API keys limited to it can no longer send for it.`,
      confirmLabel: "Delete",
    });
    if (!confirmed) return;
    startTransition(async () => {
      const result = await deleteAction({ id: domain.id });
      if (showActionResult(result, `Deleted ${domain.displayName}.`) && redirectTo) router.push(redirectTo);
    });
  }

  return { remove, pending, confirmDialog };
}
