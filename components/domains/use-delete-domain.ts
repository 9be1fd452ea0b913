import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { DeleteDomain } from "./types";

/** Confirms, deletes, then either stays (the action revalidates the grid) or goes to `redirectTo`. */
export function useDeleteDomain(deleteAction: DeleteDomain | undefined, redirectTo?: string) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function remove(domain: { id: string; displayName: string }) {
    if (!deleteAction || !window.confirm(`Delete the domain ${domain.displayName}?`)) return;
    startTransition(async () => {
      const result = await deleteAction({ id: domain.id });
      if (!result.ok) {
        setError(result.message);
        return;
      }
      setError(null);
      if (redirectTo) router.push(redirectTo);
    });
  }

  return { remove, pending, error };
}
