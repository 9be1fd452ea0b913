import type { MessageStatus } from "@/lib/generated/prisma/enums";

const LOOK: Record<string, { label: string; className: string }> = {
  QUEUED: { label: "Queued", className: "badge badge-warn" },
  DELIVERED: { label: "Delivered", className: "badge badge-ok" },
  PARTIALLY_DELIVERED: { label: "Partially delivered", className: "badge badge-warn" },
  FAILED: { label: "Failed", className: "badge badge-off" },
  HELD: { label: "Held", className: "badge badge-warn" },
  DELETED: { label: "Deleted", className: "badge badge-off" },
  PENDING: { label: "Pending", className: "badge" },
  DEFERRED: { label: "Deferred", className: "badge badge-warn" },
  PARTIAL: { label: "Partial", className: "badge badge-warn" },
  FAILOVER: { label: "Failover", className: "badge badge-warn" },
  UNKNOWN: { label: "Outcome unknown", className: "badge badge-warn" },
};

export const MESSAGE_STATUS_LABELS: Record<MessageStatus, string> = {
  QUEUED: LOOK.QUEUED.label,
  DELIVERED: LOOK.DELIVERED.label,
  PARTIALLY_DELIVERED: LOOK.PARTIALLY_DELIVERED.label,
  FAILED: LOOK.FAILED.label,
  HELD: LOOK.HELD.label,
  DELETED: LOOK.DELETED.label,
};

/** One badge for message, recipient and attempt statuses (they share most words). */
export function StatusBadge({ status }: { status: string }) {
  const look = LOOK[status] ?? { label: status.toLowerCase(), className: "badge" };
  return (
    <span className={look.className} data-testid="status-badge" data-status={status}>
      {look.label}
    </span>
  );
}
