"use client";

import { useEffect, useState } from "react";
import type { Overview } from "@/lib/console/overview/read-overview";

/** The overview changes with every delivery; a few seconds keeps it live without loading the database. */
export const OVERVIEW_REFRESH_MS = 5_000;

export type OverviewState = { overview: Overview; failure: string | null };

/** Starts from the server-rendered overview, then re-reads /api/console/overview every OVERVIEW_REFRESH_MS. */
export function useOverview(initial: Overview): OverviewState {
  const [state, setState] = useState<OverviewState>({ overview: initial, failure: null });

  useEffect(() => {
    const controller = new AbortController();
    async function load() {
      try {
        const response = await fetch("/api/console/overview", { cache: "no-store", signal: controller.signal });
        const body = (await response.json()) as Overview & { error?: { message?: string } };
        if (!response.ok || !body.queue) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
        setState({ overview: body, failure: null });
      } catch (error) {
        if (controller.signal.aborted) return;
        // Keep showing the last numbers; say why they stopped moving.
        setState((previous) => ({ ...previous, failure: error instanceof Error ? error.message : String(error) }));
      }
    }
    const timer = setInterval(() => void load(), OVERVIEW_REFRESH_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, []);

  return state;
}
