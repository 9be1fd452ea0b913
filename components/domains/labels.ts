import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";

/** Shared wording for domains and their outbound gateway, in the grid and in the form's select. */
export const ROUND_ROBIN_LABEL = "Round robin (default)";

type GatewaySummary = { description: string; address: string; enabled: boolean };

/**
 * "Primary relay (smtp.example.com)": names a configured gateway for an admin choosing or reading a domain's
 * gateway. Not the engine's `gatewayLabel` (lib/engine/delivery), which adds the port and is frozen on each
 * delivery attempt as a record of where that attempt went.
 */
export function gatewayDisplayName(gateway: GatewaySummary): string {
  return `${revealBidiControls(gateway.description)} (${gateway.address})`;
}

/** Disabled gateways stay selectable (an admin may prepare a domain before enabling its gateway), just marked. */
export function gatewayOptionLabel(gateway: GatewaySummary): string {
  return gateway.enabled ? gatewayDisplayName(gateway) : `${gatewayDisplayName(gateway)} — disabled`;
}

/** "bücher.example (xn--bcher-kva.example)" for IDNs, the plain name otherwise. */
export function domainDisplayName(domain: { name: string; unicodeName: string | null }): string {
  return domain.unicodeName ? `${domain.unicodeName} (${domain.name})` : domain.name;
}
