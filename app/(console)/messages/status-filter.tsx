import Link from "next/link";
import { MESSAGE_STATUS_LABELS } from "@/components/messages/status-badge";
import { MESSAGE_FILTER_STATUSES, toMessageFilterSearchParams, type MessageFilter, type MessageFilterStatus } from "@/lib/validation/message-filter";

export type StatusCounts = { byStatus: Record<string, number>; total: number; capped: boolean };

/**
 * Plain links (the filter lives in the URL, so it survives reloads and can be shared): one tab per status with how
 * many messages the rest of the filter matches in it. "+" marks a count that stopped at its cap.
 */
export function StatusFilter({ filter, counts }: { filter: MessageFilter; counts: StatusCounts }) {
  const hrefFor = (status?: MessageFilterStatus) => {
    const query = toMessageFilterSearchParams({ ...filter, status }).toString();
    return query ? `/messages?${query}` : "/messages";
  };
  const plus = counts.capped ? "+" : "";
  const options: { value?: MessageFilterStatus; label: string; count: number }[] = [
    { label: "All", count: counts.total },
    ...MESSAGE_FILTER_STATUSES.map((value) => ({ value, label: MESSAGE_STATUS_LABELS[value], count: counts.byStatus[value] ?? 0 })),
  ];
  return (
    <nav className="tabs" aria-label="Filter by status" data-testid="message-status-filter">
      {options.map((option) => (
        <Link key={option.label} href={hrefFor(option.value)} aria-selected={option.value === filter.status} data-status={option.value ?? "ALL"}>
          {option.label} <span className="hint" data-testid="status-count">{option.count.toLocaleString("en")}{option.count > 0 ? plus : ""}</span>
        </Link>
      ))}
    </nav>
  );
}
