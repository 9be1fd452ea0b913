import type * as RoutingModule from "@/lib/engine/routing/load-routing-table";
import type { GatewaySessionSettings, SmtpStageTimeouts } from "@/lib/engine/delivery/smtp/session-settings";
import type { RoutingTable } from "@/lib/engine/routing/choose-gateways";

export type SessionOverride = Partial<Omit<GatewaySessionSettings, "timeouts">> & { timeouts?: Partial<SmtpStageTimeouts> };

/**
 * Per-gateway session settings for tests, by gateway id, until the gateway rows store them: routing loads
 * DEFAULT_SESSION_SETTINGS for every gateway, and this replaces them on the loaded RoutableGateway. Each conformance
 * file installs it with
 *   vi.mock("@/lib/engine/routing/load-routing-table", async (original) => (await import("./session-overrides")).withSessionOverrides(await original()));
 * Once the gateway form stores these settings, createConformanceGateway can write them to the row instead.
 */
export const sessionOverrides = new Map<string, SessionOverride>();

export function withSessionOverrides(actual: typeof RoutingModule): typeof RoutingModule {
  return {
    ...actual,
    loadRoutingTable: async (...args) => applyOverrides(await actual.loadRoutingTable(...args)),
    createRoutingTableCache: (...args) => {
      const cache = actual.createRoutingTableCache(...args);
      return { load: async (domains) => applyOverrides(await cache.load(domains)), invalidate: () => cache.invalidate() };
    },
  };
}

function applyOverrides(table: RoutingTable): RoutingTable {
  return {
    ...table,
    gateways: table.gateways.map((gateway) => {
      const override = sessionOverrides.get(gateway.id);
      if (!override) return gateway;
      const session = { ...gateway.session, ...override, timeouts: { ...gateway.session.timeouts, ...override.timeouts } };
      return { ...gateway, session };
    }),
  };
}
