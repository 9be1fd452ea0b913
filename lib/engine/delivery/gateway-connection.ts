import { decryptSecret } from "../../platform/secret-box";
import { formatHostPort } from "../../validation/hostname";
import type { RoutableGateway } from "./types";
import type { GatewayConnection } from "./types";

/** "description (address:port)", IPv6 in brackets: the snapshot kept on delivery attempts, readable after the gateway is gone. */
export function gatewayLabel(gateway: Pick<RoutableGateway, "description" | "address" | "port">): string {
  return `${gateway.description} (${formatHostPort(gateway.address, gateway.port)})`;
}

/** Opens the sealed credentials only here, right before the pool needs them. Throws when they cannot be read. */
export function toGatewayConnection(gateway: RoutableGateway): GatewayConnection {
  const auth =
    gateway.authEnabled && gateway.authPasswordEnc
      ? { user: gateway.authUsername, pass: decryptSecret(gateway.authPasswordEnc) }
      : null;
  return {
    id: gateway.id,
    address: gateway.address,
    port: gateway.port,
    encryption: gateway.encryption,
    verifyCertificate: gateway.verifyCertificate,
    auth,
    session: gateway.session,
  };
}
