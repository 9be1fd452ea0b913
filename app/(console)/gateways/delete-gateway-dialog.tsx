"use client";

import { useState, useTransition } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { showActionResult } from "@/components/ui/toast-result";
import type { GatewayListItem } from "@/lib/console/gateways/list-gateways";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";
import type { deleteGatewayAction } from "./actions";

type Props = { gateway: GatewayListItem; deleteAction: typeof deleteGatewayAction; onClose: () => void };

/**
 * Confirms a delete (the console's ConfirmDialog). When domains use the gateway it names them and offers to move
 * them to round robin in the same step, so no domain is left pointing at a gateway that is gone.
 */
export function DeleteGatewayDialog({ gateway, deleteAction, onClose }: Props) {
  // The server's list wins: a domain may have been assigned since the grid was loaded.
  const [domains, setDomains] = useState({ names: gateway.domainNames, count: gateway.domainCount });
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const description = revealBidiControls(gateway.description);

  function confirm() {
    const reassign = domains.count > 0;
    setError(null);
    startTransition(async () => {
      const result = await deleteAction({ id: gateway.id, reassignDomainsToRoundRobin: reassign });
      if (showActionResult(result, `Deleted gateway ${description}.`)) {
        onClose();
        return;
      }
      const names = result.fieldErrors?.domains;
      if (names) setDomains({ names, count: names.length });
      setError(result.message);
    });
  }

  const more = domains.count - domains.names.length;
  return (
    <ConfirmDialog
      title="Delete gateway"
      description={
        <p>
          Delete <strong>{description}</strong> ({gateway.address}:{gateway.port})?
        </p>
      }
      confirmLabel={domains.count > 0 ? "Delete and move these domains to Round robin" : "Delete"}
      pending={pending}
      error={error}
      onConfirm={confirm}
      onCancel={onClose}
    >
      {domains.count > 0 && (
        <>
          <p>These domains use this gateway; they will be moved to Round robin:</p>
          <ul data-testid="delete-gateway-domains">
            {domains.names.map((name) => (
              <li key={name}>{name}</li>
            ))}
            {more > 0 && <li>and {more} more</li>}
          </ul>
        </>
      )}
    </ConfirmDialog>
  );
}
