"use client";

import type { MoveTarget } from "@/lib/console/queue/list-move-targets";
import { useId, useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { MAX_HOLD_REASON_LENGTH, QUEUE_ACTION_LABELS, type QueueActionName } from "@/lib/validation/queue-action";
import { gatewayDisplayName } from "@/components/domains/labels";

export type QueueActionChoice = { action: QueueActionName; reason?: string; gatewayId?: string | null };

/** What each action does, in the confirmation. */
const CONSEQUENCES: Record<QueueActionName, string> = {
  retry: "The next delivery attempt starts now instead of at its scheduled time.",
  hold: "Held mail stays in the queue and is never sent until it is released.",
  release: "The mail goes back to the queue and is sent now.",
  delete: "The mail is never delivered and the sender gets no bounce. This cannot be undone.",
  bounce: "The pending recipients fail now and the sender gets a bounce (DSN). This cannot be undone.",
  move:
    "Every attempt from now on tries the chosen gateway first. If it cannot take the mail (connection, TLS or login failure, or it is disabled, draining or deleted), the mail fails over along its usual route, so nothing is stranded; a 4xx answer there means a retry there later. Choose “Routed as usual” to undo.",
};

const DANGEROUS = new Set<QueueActionName>(["delete", "bounce"]);

/**
 * The confirmation of one queue action, for one message (`subject`: "this message") or many ("1,234 messages"):
 * a reason field for Hold, a gateway list for Move. Calls onConfirm with the choice; `pending`/`error` while it runs.
 */
export function QueueActionDialog({
  action,
  subject,
  gateways,
  pending,
  error,
  onConfirm,
  onCancel,
}: {
  action: QueueActionName;
  subject: string;
  gateways?: MoveTarget[];
  pending: boolean;
  error?: string | null;
  onConfirm: (choice: QueueActionChoice) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState("");
  const [gatewayId, setGatewayId] = useState("");
  const reasonId = useId();
  const gatewayFieldId = useId();
  return (
    <ConfirmDialog
      title={`${QUEUE_ACTION_LABELS[action]}: ${subject}`}
      description={CONSEQUENCES[action]}
      confirmLabel={QUEUE_ACTION_LABELS[action]}
      tone={DANGEROUS.has(action) ? "danger" : "default"}
      pending={pending}
      error={error}
      onCancel={onCancel}
      onConfirm={() => onConfirm({ action, ...(action === "hold" ? { reason } : {}), ...(action === "move" ? { gatewayId: gatewayId || null } : {}) })}
    >
      {action === "hold" && (
        <div className="field">
          <label htmlFor={reasonId}>Reason (optional)</label>
          <input id={reasonId} data-testid="hold-reason" maxLength={MAX_HOLD_REASON_LENGTH} value={reason} onChange={(event) => setReason(event.target.value)} />
        </div>
      )}
      {action === "move" && (
        <div className="field">
          <label htmlFor={gatewayFieldId}>Gateway</label>
          <select id={gatewayFieldId} data-testid="move-gateway" value={gatewayId} onChange={(event) => setGatewayId(event.target.value)}>
            <option value="">Routed as usual (no gateway pinned)</option>
            {(gateways ?? []).map((gateway) => (
              <option key={gateway.id} value={gateway.id}>
                {gatewayDisplayName({ ...gateway, enabled: true })}
              </option>
            ))}
          </select>
        </div>
      )}
    </ConfirmDialog>
  );
}
