import { formatHostPort } from "@/lib/validation/hostname";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";

/** Shared wording for domains and their outbound gateway, in the grid and in the form's select. */
export const ROUND_ROBIN_LABEL = "Round robin (default)";

type GatewaySummary = { description: string; address: string; port: number; enabled: boolean };

/**
 * "Primary relay (smtp.example.com:587)": names a configured gateway for an admin choosing or reading a domain's
 * gateway, with the port so two gateways on one host differ. Written like the engine's `gatewayLabel`
 * (lib/engine/delivery), which is frozen on each delivery attempt, but with bidi controls made visible.
 */
export function gatewayDisplayName(gateway: GatewaySummary): string {
  return `${revealBidiControls(gateway.description)} (${formatHostPort(gateway.address, gateway.port)})`;
}

/** Disabled gateways stay selectable (an admin may prepare a domain before enabling its gateway), just marked. */
export function gatewayOptionLabel(gateway: GatewaySummary): string {
  return gateway.enabled ? gatewayDisplayName(gateway) : `${gatewayDisplayName(gateway)} — disabled`;
}

/** "bücher.example (xn--bcher-kva.example)" for IDNs, the plain name otherwise. */
export function domainDisplayName(domain: { name: string; unicodeName: string | null }): string {
  return domain.unicodeName ? `${domain.unicodeName} (${domain.name})` : domain.name;
}
