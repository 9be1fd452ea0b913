"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type MouseEvent } from "react";
import { ENCRYPTION_LABELS, TYPE_LABELS } from "@/components/gateways/encryption-labels";
import { FormMessage } from "@/components/ui/form-message";
import type { GatewayListItem } from "@/lib/console/gateways/list-gateways";
import type { deleteGatewayAction, setGatewayEnabledAction } from "./actions";
import { DeleteGatewayDialog } from "./delete-gateway-dialog";
import { SpoolCountCell } from "./spool-count-cell";
import { useSpoolCounts } from "./use-spool-counts";

const COLUMNS = ["Description", "Server Address", "Port", "Encryption", "Type", "Status", "Auth", "Domains", "Spool Count"];

type Props = {
  gateways: GatewayListItem[];
  setEnabledAction: typeof setGatewayEnabledAction;
  deleteAction: typeof deleteGatewayAction;
};

/** The outbound gateways; a click on a row (or its Edit link, for the keyboard) opens the edit form. */
export function GatewaysGrid({ gateways, setEnabledAction, deleteAction }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<GatewayListItem | null>(null);
  const [pending, startTransition] = useTransition();
  const spool = useSpoolCounts();

  function openRow(event: MouseEvent<HTMLTableRowElement>, id: string) {
    // Buttons and links in the row do their own thing.
    if ((event.target as HTMLElement).closest("a, button")) return;
    router.push(`/gateways/${id}`);
  }

  function toggle(gateway: GatewayListItem) {
    startTransition(async () => {
      const result = await setEnabledAction({ id: gateway.id, enabled: !gateway.enabled });
      setError(result.ok ? null : result.message);
    });
  }

  return (
    <>
      <FormMessage kind="error" message={error} />
      <table className="grid" aria-label="Outbound gateways">
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
            <th scope="col" className="actions">
              Actions
            </th>
          </tr>
        </thead>
        <tbody>
          {gateways.map((gateway) => (
            <tr key={gateway.id} className="clickable" onClick={(event) => openRow(event, gateway.id)}>
              <td>{gateway.description}</td>
              <td>{gateway.address}</td>
              <td>{gateway.port}</td>
              <td>{ENCRYPTION_LABELS[gateway.encryption]}</td>
              <td>{TYPE_LABELS[gateway.type]}</td>
              <td>
                <span className={`badge ${gateway.enabled ? "badge-ok" : "badge-off"}`}>{gateway.enabled ? "Enabled" : "Disabled"}</span>
              </td>
              <td>{gateway.authEnabled ? "Yes" : "No"}</td>
              <td>{gateway.domainCount}</td>
              <td>
                <SpoolCountCell count={spool.counts.get(gateway.id)} loading={spool.loading} failure={spool.failure} />
              </td>
              <td className="actions">
                <Link href={`/gateways/${gateway.id}`} className="btn btn-small" aria-label={`Edit ${gateway.description}`}>
                  Edit
                </Link>{" "}
                <button type="button" className="btn btn-small" disabled={pending} onClick={() => toggle(gateway)}>
                  {gateway.enabled ? "Disable" : "Enable"}
                </button>{" "}
                <button type="button" className="btn btn-small btn-danger" disabled={pending} onClick={() => setDeleting(gateway)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {deleting && <DeleteGatewayDialog gateway={deleting} deleteAction={deleteAction} onClose={() => setDeleting(null)} />}
    </>
  );
}
