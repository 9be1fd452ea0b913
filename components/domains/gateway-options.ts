import { gatewayOptionLabel } from "./labels";
import type { GatewayOption } from "./types";

type Gateway = { id: string; description: string; address: string; port: number; enabled: boolean };

/**
 * The select's gateway options. A domain's current gateway that is no longer assignable (retyped to Round
 * Robin since) stays listed, so opening the form never silently switches the domain to round robin; saving
 * it is refused with a field message.
 */
export function gatewayOptions(assignable: Gateway[], current?: (Gateway & { type: string }) | null): GatewayOption[] {
  const options = assignable.map((gateway) => ({ value: gateway.id, label: gatewayOptionLabel(gateway) }));
  if (current && !assignable.some((gateway) => gateway.id === current.id)) {
    options.push({ value: current.id, label: `${gatewayOptionLabel(current)} — not assignable, choose another` });
  }
  return options;
}
