import { createHmac } from "node:crypto";
import { getEnv } from "./env";

let cached: { key: string; mark: string } | undefined;

/**
 * This Outgate installation's mark: "og-" and 16 hex digits of HMAC-SHA256(OUTGATE_SECRET_KEY, "installation mark").
 * Every process of one installation shares the key (it decrypts the gateways' passwords), so they share the mark; another
 * installation's differs, and the mark reveals nothing of the key. The SMTP listener says it in its greeting; the
 * delivery client, meeting it in a gateway's greeting, knows that gateway is this installation's own listener.
 */
export function readInstallationMark(): string {
  const key = getEnv().OUTGATE_SECRET_KEY;
  if (cached?.key !== key) cached = { key, mark: `og-${createHmac("sha256", Buffer.from(key, "hex")).update("installation mark").digest("hex").slice(0, 16)}` };
  return cached.mark;
}
