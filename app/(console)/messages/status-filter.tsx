import Link from "next/link";
import type { MessageStatus } from "@/lib/generated/prisma/enums";
import { MESSAGE_STATUSES } from "@/lib/console/messages/list-messages";
import { MESSAGE_STATUS_LABELS } from "@/components/messages/status-badge";

/** Plain links (no client code): the filter lives in the URL, so it survives reloads and can be shared. */
export function StatusFilter({ current }: { current?: MessageStatus }) {
  const options: { value?: MessageStatus; label: string }[] = [{ label: "All" }, ...MESSAGE_STATUSES.map((value) => ({ value, label: MESSAGE_STATUS_LABELS[value] }))];
  return (
    <nav className="tabs" aria-label="Filter by status" data-testid="message-status-filter">
      {options.map((option) => (
        <Link
          key={option.label}
          href={option.value ? `/messages?status=${option.value.toLowerCase()}` : "/messages"}
          aria-selected={option.value === current}
        >
          {option.label}
        </Link>
      ))}
    </nav>
  );
}
