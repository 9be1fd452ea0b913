"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type MouseEvent } from "react";
import { ENCRYPTION_LABELS, TYPE_LABELS } from "@/components/gateways/encryption-labels";
import { FormMessage } from "@/components/ui/form-message";
import { toast } from "@/components/ui/toast-result";
import type { GatewayListItem } from "@/lib/console/gateways/list-gateways";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";
import type { deleteGatewayAction, setGatewayStatusAction } from "./actions";
import type { GatewayStatusValue } from "@/lib/validation/gateway";
import { describeLimitUse } from "@/lib/validation/limit-use";
import { DeleteGatewayDialog } from "./delete-gateway-dialog";
import { TestGatewayDialog } from "./test-gateway-dialog";
import type { TestStoredGatewayConnection } from "@/components/gateways/types";
import type { GatewayHealthJson } from "@/lib/console/gateways/list-gateway-health";
import { HealthCell } from "./health-cell";
import { SpoolCountCell } from "./spool-count-cell";
import { useGatewayHealth } from "./use-gateway-health";
import { useSpoolCounts } from "./use-spool-counts";

const COLUMNS = ["Description", "Server Address", "Port", "Encryption", "Type", "Status", "Health", "Limits", "Weight", "Auth", "Domains", "Spool Count"];

const STATUS_BADGES: Record<GatewayStatusValue, { label: string; className: string }> = {
  ENABLED: { label: "Enabled", className: "badge-ok" },
  DRAINING: { label: "Draining", className: "badge-warn" },
  DISABLED: { label: "Disabled", className: "badge-off" },
};

/** The status buttons a row offers: every other status, in the order an admin takes them (drain, then disable). */
const NEXT_STATUSES: Record<GatewayStatusValue, { status: GatewayStatusValue; label: string; done: string }[]> = {
  ENABLED: [
    { status: "DRAINING", label: "Drain", done: "Draining" },
    { status: "DISABLED", label: "Disable", done: "Disabled" },
  ],
  DRAINING: [
    { status: "ENABLED", label: "Enable", done: "Enabled" },
    { status: "DISABLED", label: "Disable", done: "Disabled" },
  ],
  DISABLED: [{ status: "ENABLED", label: "Enable", done: "Enabled" }],
};

type Props = {
  /** With `addressShown`: the address as showDomainName writes it (an IDN in both forms), computed on the server. */
  gateways: (GatewayListItem & { addressShown: string })[];
  /** Server-rendered health, refreshed in the browser every few seconds. */
  health: GatewayHealthJson[];
  setStatusAction: typeof setGatewayStatusAction;
  deleteAction: typeof deleteGatewayAction;
  testAction: TestStoredGatewayConnection;
};

/** The outbound gateways; a click on a row (or its Edit link, for the keyboard) opens the edit form. */
export function GatewaysGrid({ gateways, health: initialHealth, setStatusAction, deleteAction, testAction }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<GatewayListItem | null>(null);
  const [testing, setTesting] = useState<GatewayListItem | null>(null);
  const [pending, startTransition] = useTransition();
  const spool = useSpoolCounts();
  const { health } = useGatewayHealth(initialHealth);

  function openRow(event: MouseEvent<HTMLTableRowElement>, id: string) {
    // Buttons and links in the row do their own thing.
    if ((event.target as HTMLElement).closest("a, button")) return;
    router.push(`/gateways/${id}`);
  }

  function setStatus(gateway: GatewayListItem, next: (typeof NEXT_STATUSES)[GatewayStatusValue][number]) {
    startTransition(async () => {
      const result = await setStatusAction({ id: gateway.id, status: next.status });
      setError(result.ok ? null : result.message);
      if (!result.ok) return;
      const rerouted = result.data.rerouted > 0 ? ` ${result.data.rerouted} waiting message(s) re-routed.` : "";
      toast.success(`${next.done}: ${revealBidiControls(gateway.description)}.${rerouted}`);
    });
  }

  return (
    <>
      <FormMessage kind="error" message={error} />
      <table className="grid gateways-grid" aria-label="Outbound gateways">
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
              <td className="wrap-anywhere">{revealBidiControls(gateway.description)}</td>
              <td className="wrap-anywhere">{gateway.addressShown}</td>
              <td>{gateway.port}</td>
              <td>{ENCRYPTION_LABELS[gateway.encryption]}</td>
              <td>{TYPE_LABELS[gateway.type]}</td>
              <td>
                <span className={`badge ${STATUS_BADGES[gateway.status].className}`} data-testid="gateway-status">
                  {STATUS_BADGES[gateway.status].label}
                </span>
              </td>
              <td>
                <HealthCell health={health.get(gateway.id)} />
              </td>
              <td data-testid="gateway-limits">
                {gateway.limitUse.length === 0
                  ? "No limit"
                  : gateway.limitUse.map((use) => (
                      <div key={use.per}>{use.used >= use.limit ? <span className="badge badge-warn">{describeLimitUse(use)}</span> : describeLimitUse(use)}</div>
                    ))}
              </td>
              <td>{gateway.weight}</td>
              <td>{gateway.authEnabled ? "Yes" : "No"}</td>
              <td data-testid="gateway-domains">
                {/* Only a Specific Domains gateway has domains assigned; round robin serves every other one, so a count of 0 would mislead. */}
                {gateway.type === "ROUND_ROBIN" ? <span title="Every domain not assigned to a Specific Domains gateway, and those whose gateway fails over to round robin">All (round robin)</span> : gateway.domainCount}
              </td>
              <td>
                <SpoolCountCell count={spool.counts.get(gateway.id)} loading={spool.loading} failure={spool.failure} />
              </td>
              <td className="actions">
                <div className="row-actions">
                  <Link href={`/gateways/${gateway.id}`} className="btn btn-small" aria-label={`Edit ${gateway.description}`}>
                    Edit
                  </Link>{" "}
                  <button type="button" className="btn btn-small" onClick={() => setTesting(gateway)} aria-label={`Test ${gateway.description}`}>
                    Test
                  </button>{" "}
                  {NEXT_STATUSES[gateway.status].map((next) => (
                    <span key={next.status}>
                      <button type="button" className="btn btn-small" disabled={pending} onClick={() => setStatus(gateway, next)}>
                        {next.label}
                      </button>{" "}
                    </span>
                  ))}
                  <button type="button" className="btn btn-small btn-danger" disabled={pending} onClick={() => setDeleting(gateway)}>
                    Delete
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {testing && <TestGatewayDialog gateway={testing} testAction={testAction} onClose={() => setTesting(null)} />}
      {deleting && <DeleteGatewayDialog gateway={deleting} deleteAction={deleteAction} onClose={() => setDeleting(null)} />}
    </>
  );
}
