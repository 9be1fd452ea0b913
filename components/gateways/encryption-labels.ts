import type { GatewayEncryptionValue, GatewayTypeValue } from "@/lib/validation/gateway";

// Wording of the gateways grid and the gateway form (both client code), and the port the form proposes.

export const ENCRYPTION_LABELS: Record<GatewayEncryptionValue, string> = {
  NONE: "None",
  STARTTLS_OPPORTUNISTIC: "STARTTLS if available",
  STARTTLS_REQUIRED: "STARTTLS (required)",
  IMPLICIT_TLS: "SSL/TLS",
};

export const TYPE_LABELS: Record<GatewayTypeValue, string> = {
  ROUND_ROBIN: "Round Robin",
  SPECIFIC_DOMAINS: "Specific Domains",
};

/**
 * The port each encryption usually runs on: 25 for relay (RFC 5321), 587 for submission with STARTTLS
 * (RFC 6409), 465 for implicit TLS (RFC 8314).
 */
const DEFAULT_PORTS: Record<GatewayEncryptionValue, number> = {
  NONE: 25,
  STARTTLS_OPPORTUNISTIC: 25,
  STARTTLS_REQUIRED: 587,
  IMPLICIT_TLS: 465,
};

/** The port to propose after the encryption changes: only replaces an empty or default port, never a custom one. */
export function proposedPort(currentPort: string | number | undefined, encryption: GatewayEncryptionValue): string | number {
  const current = String(currentPort ?? "").trim();
  const isDefault = current === "" || Object.values(DEFAULT_PORTS).some((port) => String(port) === current);
  return isDefault ? DEFAULT_PORTS[encryption] : (currentPort ?? "");
}
