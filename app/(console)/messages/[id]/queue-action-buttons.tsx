"use client";

import type { MoveTarget } from "@/lib/console/queue/list-move-targets";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { QueueActionDialog, type QueueActionChoice } from "@/components/messages/queue-action-dialog";
import { toast } from "@/components/ui/toast-result";
import { QUEUE_ACTION_LABELS, QUEUE_ACTION_STATUSES, QUEUE_ACTIONS, type QueueActionName } from "@/lib/validation/queue-action";
import type { takeQueueActionAction } from "./actions";

/** What the toast says after each action, when it was applied at once. */
const DONE: Record<QueueActionName, string> = {
  retry: "Retrying now.",
  hold: "Held.",
  release: "Released; sending now.",
  delete: "Deleted; it will not be delivered.",
  bounce: "Bounced; the sender gets a DSN.",
  move: "Moved; the next attempt uses that gateway.",
};

/**
 * The queue actions that fit the message's status (none for delivered, failed or deleted mail), each confirmed in
 * the shared dialog and reported in a toast. A message a worker is sending right now gets the action when that
 * attempt ends ("pending"), which the toast says.
 */
export function QueueActionButtons({
  messageId,
  status,
  gateways,
  takeAction,
}: {
  messageId: string;
  status: string;
  gateways: MoveTarget[];
  takeAction: typeof takeQueueActionAction;
}) {
  const router = useRouter();
  const [action, setAction] = useState<QueueActionName | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const available = QUEUE_ACTIONS.filter((name) => (QUEUE_ACTION_STATUSES[name] as readonly string[]).includes(status));
  if (available.length === 0) return null;

  const run = async (choice: QueueActionChoice) => {
    setPending(true);
    const result = await takeAction({ id: messageId, request: choice });
    setPending(false);
    if (!result.ok) return setError(result.message);
    setAction(null);
    const { result: outcome } = result.data;
    if (outcome === "changed") toast.success(DONE[choice.action]);
    else if (outcome === "pending") toast.info(`A delivery attempt is running; “${QUEUE_ACTION_LABELS[choice.action]}” applies as soon as it ends.`);
    else toast.warning(`“${QUEUE_ACTION_LABELS[choice.action]}” no longer applies: the message changed meanwhile.`);
    router.refresh();
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="Queue actions" data-testid="queue-actions">
      {available.map((name) => (
        <button
          key={name}
          type="button"
          className={name === "delete" || name === "bounce" ? "btn btn-danger" : "btn"}
          onClick={() => {
            setError(null);
            setAction(name);
          }}
          data-testid={`action-${name}`}
        >
          {QUEUE_ACTION_LABELS[name]}
        </button>
      ))}
      {action && <QueueActionDialog action={action} subject="this message" gateways={gateways} pending={pending} error={error} onConfirm={(choice) => void run(choice)} onCancel={() => setAction(null)} />}
    </div>
  );
}
