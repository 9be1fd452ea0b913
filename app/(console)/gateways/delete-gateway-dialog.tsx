"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { FormMessage } from "@/components/ui/form-message";
import type { GatewayListItem } from "@/lib/console/gateways/list-gateways";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";
import type { deleteGatewayAction } from "./actions";

type Props = { gateway: GatewayListItem; deleteAction: typeof deleteGatewayAction; onClose: () => void };

/**
 * Confirms a delete. When domains use the gateway it names them and offers to move them to round robin in
 * the same step, so no domain is left pointing at a gateway that is gone.
 */
export function DeleteGatewayDialog({ gateway, deleteAction, onClose }: Props) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  // The server's list wins: a domain may have been assigned since the grid was loaded.
  const [domains, setDomains] = useState({ names: gateway.domainNames, count: gateway.domainCount });
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  function confirm() {
    const reassign = domains.count > 0;
    startTransition(async () => {
      const result = await deleteAction({ id: gateway.id, reassignDomainsToRoundRobin: reassign });
      if (result.ok) {
        dialogRef.current?.close();
        return;
      }
      const names = result.fieldErrors?.domains;
      if (names) setDomains({ names, count: names.length });
      setError(result.message);
    });
  }

  const more = domains.count - domains.names.length;
  return (
    <dialog ref={dialogRef} aria-labelledby="delete-gateway-title" onClose={onClose}>
      <h2 id="delete-gateway-title">Delete gateway</h2>
      <p>
        Delete <strong>{revealBidiControls(gateway.description)}</strong> ({gateway.address}:{gateway.port})?
      </p>
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
      <FormMessage kind="error" message={error} />
      <div className="form-actions">
        <button type="button" className="btn btn-danger" disabled={pending} onClick={confirm}>
          {domains.count > 0 ? "Delete and move these domains to Round robin" : "Delete"}
        </button>
        <button type="button" className="btn" disabled={pending} onClick={() => dialogRef.current?.close()}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
