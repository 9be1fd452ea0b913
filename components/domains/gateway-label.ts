/** Shared wording for a domain's outbound gateway, in the grid and in the form's select. */
export const ROUND_ROBIN_LABEL = "Round robin (default)";

type GatewaySummary = { description: string; address: string; enabled: boolean };

export function gatewayLabel(gateway: GatewaySummary): string {
  return `${gateway.description} (${gateway.address})`;
}

/** Disabled gateways stay selectable (an admin may prepare a domain before enabling its gateway), just marked. */
export function gatewayOptionLabel(gateway: GatewaySummary): string {
  return gateway.enabled ? gatewayLabel(gateway) : `${gatewayLabel(gateway)} — disabled`;
}

/** "bücher.example (xn--bcher-kva.example)" for IDNs, the plain name otherwise. */
export function domainDisplayName(domain: { name: string; unicodeName: string | null }): string {
  return domain.unicodeName ? `${domain.unicodeName} (${domain.name})` : domain.name;
}
