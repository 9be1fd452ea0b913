import Link from "next/link";
import { MESSAGE_STATUS_LABELS } from "@/components/messages/status-badge";
import { MESSAGE_FILTER_STATUSES, toMessageFilterSearchParams, type MessageFilter, type MessageFilterStatus } from "@/lib/validation/message-filter";

/** countMessagesByFilter's answer (lib/engine/queue/select-messages-by-filter.ts MessageCounts). */
export type StatusCounts = { byStatus: Record<string, number>; total: number; capped: boolean; floors: string[] };

/**
 * Plain links (the filter lives in the URL, so it survives reloads and can be shared): one tab per status with how
 * many messages the rest of the filter matches in it. "+" marks a count that stopped at its cap: at least that many.
 */
export function StatusFilter({ filter, counts }: { filter: MessageFilter; counts: StatusCounts }) {
  const hrefFor = (status?: MessageFilterStatus) => {
    const query = toMessageFilterSearchParams({ ...filter, status }).toString();
    return query ? `/messages?${query}` : "/messages";
  };
  const options: { value?: MessageFilterStatus; label: string; count: number; floor: boolean }[] = [
    { label: "All", count: counts.total, floor: counts.capped },
    ...MESSAGE_FILTER_STATUSES.map((value) => ({ value, label: MESSAGE_STATUS_LABELS[value], count: counts.byStatus[value] ?? 0, floor: counts.floors.includes(value) })),
  ];
  return (
    <nav className="tabs" aria-label="Filter by status" data-testid="message-status-filter">
      {options.map((option) => (
        <Link key={option.label} href={hrefFor(option.value)} aria-selected={option.value === filter.status} data-status={option.value ?? "ALL"}>
          {option.label} <span className="hint" data-testid="status-count">{option.count.toLocaleString("en")}{option.floor ? "+" : ""}</span>
        </Link>
      ))}
    </nav>
  );
}
