"use client";

import { useEffect, useState } from "react";
import type { GatewayHealthJson } from "@/lib/console/gateways/list-gateway-health";

/** Often enough that a state change shows well within a probe interval (30 s by default). */
const REFRESH_MS = 3_000;

/**
 * The gateways' health: the server-rendered reading first, then a fresh one every REFRESH_MS. A failed refresh keeps
 * the last reading (and says why in `failure`).
 */
export function useGatewayHealth(initial: GatewayHealthJson[]): { health: ReadonlyMap<string, GatewayHealthJson>; failure: string | null } {
  const [state, setState] = useState(() => ({ health: new Map(initial.map((view) => [view.gatewayId, view])), failure: null as string | null }));

  useEffect(() => {
    const controller = new AbortController();
    async function load() {
      try {
        const response = await fetch("/api/console/gateway-health", { cache: "no-store", signal: controller.signal });
        const body = (await response.json()) as { gateways?: GatewayHealthJson[]; error?: { message?: string } };
        if (!response.ok || !body.gateways) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
        setState({ health: new Map(body.gateways.map((view) => [view.gatewayId, view])), failure: null });
      } catch (error) {
        if (controller.signal.aborted) return;
        setState((previous) => ({ ...previous, failure: error instanceof Error ? error.message : String(error) }));
      }
    }
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, []);

  return state;
}
