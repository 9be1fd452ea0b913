import { useRouter } from "next/navigation";
import { useConfirmedAction } from "@/components/ui/use-confirmed-action";
import type { DeleteDomain } from "./types";

/**
 * Confirms (the console's dialog: render `confirmDialog`), deletes with a toast, then either stays (the action
 * revalidates the grid) or goes to `redirectTo`.
 */
export function useDeleteDomain(deleteAction: DeleteDomain | undefined, redirectTo?: string) {
  const router = useRouter();
  const { run, pending, confirmDialog } = useConfirmedAction();

  async function remove(domain: { id: string; displayName: string }) {
    if (!deleteAction) return;
    await run(
      { title: "Delete domain", description: `Delete the domain ${domain.displayName}? API keys limited to it can no longer send for it.`, confirmLabel: "Delete" },
      () => deleteAction({ id: domain.id }),
      `Deleted ${domain.displayName}.`,
      redirectTo ? () => router.push(redirectTo) : undefined,
    );
  }

  return { remove, pending, confirmDialog };
}
