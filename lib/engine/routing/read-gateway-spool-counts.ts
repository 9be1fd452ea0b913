import { decryptSecret } from "../../platform/secret-box";
import { getDb } from "../../platform/db";
import type { Prisma } from "../../generated/prisma/client";
import { createSmarterMailClient } from "../smartermail/client";
import { getSpoolCount, keepSpoolCountsOf, type SpoolCountResult } from "../smartermail/spool-count-cache";
import { SmarterMailError } from "../smartermail/smartermail-error";
import { countHeldPerGateway, countQueuedPerGateway, type QueuedCounts } from "./count-queued-per-gateway";

/** One grid cell's worth, serialisable (it reaches the browser): never a credential. */
export type GatewaySpoolCount =
  | { gatewayId: string; source: "smartermail"; ok: true; default: number; waiting: number; readAt: string }
  | { gatewayId: string; source: "smartermail"; ok: false; error: { message: string; details: string }; readAt: string }
  /** queued: every message waiting for it in Outgate (queued and held); held: how many of those an admin holds. */
  | { gatewayId: string; source: "outgate"; queued: number; held: number; readAt: string };

/** Below the client's own 5 s default: the grid's fetch should come back while the user still looks. */
const GRID_TIMEOUT_MS = 4000;

/** What reading a gateway's SmarterMail spool needs: where and as whom to log in, and updatedAt to key the cache. */
export const SMARTERMAIL_ACCESS_SELECT = {
  id: true,
  updatedAt: true,
  smartermailUrl: true,
  smartermailUsername: true,
  smartermailPasswordEnc: true,
} as const satisfies Prisma.GatewaySelect;

type SmarterMailGateway = Prisma.GatewayGetPayload<{ select: typeof SMARTERMAIL_ACCESS_SELECT }>;

/**
 * Spool counts for every gateway: SmarterMail mode asks that server (through the per-gateway cache, all
 * servers at once, each bounded by `timeoutMs`), the others count Outgate's own queue, held mail included. One dead server
 * only ever costs its own row an error.
 */
export async function readGatewaySpoolCounts({ timeoutMs = GRID_TIMEOUT_MS, maxAgeMs }: { timeoutMs?: number; maxAgeMs?: number } = {}): Promise<GatewaySpoolCount[]> {
  const [gateways, queued, held] = await Promise.all([
    getDb().gateway.findMany({
      select: { ...SMARTERMAIL_ACCESS_SELECT, smartermailEnabled: true, enabled: true },
      orderBy: [{ description: "asc" }, { createdAt: "asc" }],
    }),
    countQueuedPerGateway(),
    countHeldPerGateway(),
  ]);
  // A disabled gateway is never polled (issue #12, kind 10): it shows Outgate's own queue like a plain one.
  const polled = (gateway: { enabled: boolean; smartermailEnabled: boolean }) => gateway.enabled && gateway.smartermailEnabled;
  keepSpoolCountsOf(gateways.filter(polled).map((gateway) => gateway.id));
  const localReadAt = new Date().toISOString();

  return Promise.all(
    gateways.map(async (gateway): Promise<GatewaySpoolCount> => {
      if (!polled(gateway)) {
        const heldHere = held.get(gateway.id) ?? 0;
        return { gatewayId: gateway.id, source: "outgate", queued: totalOf(queued.get(gateway.id)) + heldHere, held: heldHere, readAt: localReadAt };
      }
      const result = await readSmarterMailSpool(gateway, { timeoutMs, maxAgeMs });
      const readAt = new Date(result.readAt).toISOString();
      if (!result.ok) return { gatewayId: gateway.id, source: "smartermail", ok: false, error: { message: result.error.message, details: result.error.details }, readAt };
      return { gatewayId: gateway.id, source: "smartermail", ok: true, default: result.default, waiting: result.waiting, readAt };
    }),
  );
}

function totalOf(counts: QueuedCounts | undefined): number {
  return counts ? counts.waiting + counts.deferred : 0;
}

/** One SmarterMail gateway's counts through the shared cache (also what routing peeks at). */
export function readSmarterMailSpool(gateway: SmarterMailGateway, options: { timeoutMs?: number; maxAgeMs?: number } = {}): Promise<SpoolCountResult> {
  // Any edit of the gateway (URL, user, password) bumps updatedAt and so invalidates its cached reading.
  return getSpoolCount(
    gateway.id,
    gateway.updatedAt.toISOString(),
    async () => {
      const { smartermailUrl: url, smartermailUsername: username, smartermailPasswordEnc: sealed } = gateway;
      if (!url || !username || !sealed) throw new SmarterMailError("auth_failed", "SmarterMail URL, username or password is not set", { message: "not configured" });
      const password = unsealPassword(sealed);
      return createSmarterMailClient({ url, username, password, timeoutMs: options.timeoutMs ?? GRID_TIMEOUT_MS }).getSpoolCounts();
    },
    { maxAgeMs: options.maxAgeMs },
  );
}

export function unsealPassword(sealed: string): string {
  try {
    return decryptSecret(sealed);
  } catch {
    // A changed OUTGATE_SECRET_KEY makes every stored password unreadable; say so instead of "auth failed".
    throw new SmarterMailError("auth_failed", "The stored SmarterMail password cannot be decrypted (was OUTGATE_SECRET_KEY changed?). Enter it again.", {
      message: "stored password unreadable",
    });
  }
}
