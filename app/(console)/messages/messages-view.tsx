"use client";

import { useCallback, useEffect, useState } from "react";
import { isEmptyMessageFilter, type MessageFilter } from "@/lib/validation/message-filter";
import { BulkActionBar } from "./bulk-action-bar";
import type { BulkQueueActions } from "./bulk-actions";
import { MessagesTable } from "./messages-table";
import { NoMessages } from "./no-messages";
import { StatusFilter, type StatusCounts } from "./status-filter";
import type { MessageRow } from "./to-message-rows";

/** How often Live mode asks for the newest page while the tab is visible. */
export const LIVE_REFRESH_MS = 3000;

type MessagesViewProps = {
  rows: MessageRow[];
  counts: StatusCounts;
  filter: MessageFilter;
  /** The filter as URL search params ("" for none), for the live route and the CSV link. */
  query: string;
  /** Live refresh only makes sense on the newest page; older pages stand still. */
  firstPage: boolean;
  live: boolean;
  /** The bulk bar's server actions (bulk-actions.ts), from the page. */
  bulkActions: BulkQueueActions;
};

/**
 * The page's moving parts: status tabs with counts, the grid with selection, the bulk action bar, Live mode and the
 * CSV link. Live mode polls GET /api/console/messages with the page's filter and stops while the tab is hidden
 * (document.visibilityState), so a forgotten tab costs the database nothing. The page keys it by its URL, so a new
 * filter or page starts it afresh.
 */
export function MessagesView({ rows: initialRows, counts: initialCounts, filter, query, firstPage, live: initialLive, bulkActions }: MessagesViewProps) {
  const [rows, setRows] = useState(initialRows);
  const [counts, setCounts] = useState(initialCounts);
  const [live, setLive] = useState(initialLive && firstPage);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [refreshFailed, setRefreshFailed] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const response = await fetch(`/api/console/messages${query ? `?${query}` : ""}`, { cache: "no-store" });
      if (!response.ok) throw new Error(String(response.status));
      const body = (await response.json()) as { rows: MessageRow[]; counts: StatusCounts };
      setRows(body.rows);
      setCounts(body.counts);
      setRefreshFailed(false);
    } catch {
      setRefreshFailed(true);
    }
  }, [query]);

  useEffect(() => {
    if (!live) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (document.visibilityState === "visible") await refresh();
      timer = setTimeout(tick, LIVE_REFRESH_MS);
    };
    const onVisible = () => {
      if (document.visibilityState !== "visible") return;
      clearTimeout(timer);
      void tick();
    };
    timer = setTimeout(tick, LIVE_REFRESH_MS);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [live, refresh]);

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const toggleAll = (checked: boolean) => setSelected(checked ? new Set(rows.map((row) => row.id)) : new Set());
  const matchingCount = filter.status ? (counts.byStatus[filter.status] ?? 0) : counts.total;

  return (
    <>
      <StatusFilter filter={filter} counts={counts} />
      <div className="toolbar">
        {firstPage && (
          <label className="field-check" title="Refresh the newest page every few seconds while this tab is visible">
            <input type="checkbox" checked={live} onChange={(event) => setLive(event.target.checked)} data-testid="messages-live" />
            Live
          </label>
        )}
        {live && <span className="hint" data-testid="messages-live-state">{refreshFailed ? "Refresh failed; trying again…" : `Refreshing every ${LIVE_REFRESH_MS / 1000} s`}</span>}
        <span className="spacer" />
        <a className="btn" href={`/api/console/messages/csv${query ? `?${query}` : ""}`} download data-testid="messages-csv">
          Export CSV
        </a>
      </div>
      <BulkActionBar
        filter={filter}
        selectedIds={[...selected]}
        matchingCount={matchingCount}
        actions={bulkActions}
        onDone={() => {
          setSelected(new Set());
          void refresh();
        }}
      />
      {rows.length === 0 ? <NoMessages filtered={!isEmptyMessageFilter(filter)} /> : <MessagesTable rows={rows} selected={selected} onToggle={toggle} onToggleAll={toggleAll} />}
    </>
  );
}
