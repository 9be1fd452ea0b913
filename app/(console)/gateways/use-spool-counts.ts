"use client";

import { useEffect, useState } from "react";
import { OVERVIEW_REFRESH_MS } from "@/components/overview/use-overview";
import type { GatewaySpoolCount } from "@/lib/engine/routing/read-gateway-spool-counts";

/**
 * The overview's cadence, so "N queued here" and the overview's numbers agree within one refresh. Polling this often
 * costs no remote call: the server counts Outgate's own queue afresh (one grouped query) but answers SmarterMail
 * gateways from its per-gateway cache (SPOOL_COUNT_MAX_AGE_MS, 30 s), so a remote server is still asked at most
 * once per cache age however many grids are open.
 */
export const SPOOL_COUNTS_REFRESH_MS = OVERVIEW_REFRESH_MS;

export type SpoolCountsState = {
  counts: ReadonlyMap<string, GatewaySpoolCount>;
  loading: boolean;
  /** Why the whole request failed (signed out, server down); per-row errors live in `counts`. */
  failure: string | null;
};

/** Loads the Spool Count column after the page has rendered, then refreshes it every interval. */
export function useSpoolCounts(): SpoolCountsState {
  const [state, setState] = useState<SpoolCountsState>({ counts: new Map(), loading: true, failure: null });

  useEffect(() => {
    const controller = new AbortController();
    async function load() {
      try {
        const response = await fetch("/api/console/spool-counts", { cache: "no-store", signal: controller.signal });
        const body = (await response.json()) as { gateways?: GatewaySpoolCount[]; error?: { message?: string } };
        if (!response.ok || !body.gateways) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
        const counts = new Map(body.gateways.map((count) => [count.gatewayId, count]));
        setState({ counts, loading: false, failure: null });
      } catch (error) {
        if (controller.signal.aborted) return;
        setState((previous) => ({ ...previous, loading: false, failure: error instanceof Error ? error.message : String(error) }));
      }
    }
    void load();
    const timer = setInterval(() => void load(), SPOOL_COUNTS_REFRESH_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, []);

  return state;
}
