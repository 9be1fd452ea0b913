import net from "node:net";
import { AppError } from "../../platform/errors";
import { getOutboundDenyList } from "../../platform/outbound-deny-list";
import type { FieldErrors } from "../../validation/field-errors";
import type { GatewayValues } from "../../validation/gateway";

export const DENIED_DESTINATION_MESSAGE =
  "This address is not allowed: Outgate never connects to link-local addresses (169.254.0.0/16, fe80::/10) or those in OUTGATE_OUTBOUND_DENY.";

/**
 * Refuses, with a field error (422), a server address or SmarterMail URL that is an IP literal on the outbound deny
 * list, so the admin hears it when typing rather than from every failed delivery. Names are not resolved here: DNS
 * can change, so the check at connect time (lib/platform/resolve-outbound-address.ts) stays the authority.
 */
export function assertDestinationsAllowed(values: Pick<GatewayValues, "address" | "smartermailEnabled" | "smartermailUrl">): void {
  const fields: FieldErrors = {};
  if (isDeniedLiteral(values.address)) fields.address = [DENIED_DESTINATION_MESSAGE];
  if (values.smartermailEnabled && isDeniedLiteral(hostOf(values.smartermailUrl))) fields.smartermailUrl = [DENIED_DESTINATION_MESSAGE];
  if (Object.keys(fields).length > 0) throw new AppError("validation_failed", "Some fields are invalid.", fields);
}

function isDeniedLiteral(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "");
  return net.isIP(bare) !== 0 && getOutboundDenyList().isDenied(bare);
}

/** The host as the URL parser reads it (so 2852039166 is 169.254.169.254); "" when the URL does not parse. */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
}
