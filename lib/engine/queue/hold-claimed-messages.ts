import { log } from "../../platform/log";
import { holdForLimits } from "../routing/hold-for-limits";
import type { RoutedClaim } from "../routing/route-claim";
import type { ClaimedMessage } from "./claim-messages";

/** Mail that waits with no window to wait for (its Specific Domains gateway drains) looks again this often. */
const HOLD_WITHOUT_WINDOW_MS = 30_000;

/**
 * Every message of the claim that routing holds (each gateway it may use, or its domain, is at its limit; or its
 * gateway drains) goes back unsent in one statement, due again when the first full window ends — not an attempt, not
 * a HELD status, simply not due yet. Resolves to how many were held; never throws (the lease brings them back).
 */
export async function holdClaimedMessages(leaseToken: string, messages: ClaimedMessage[], routed: RoutedClaim, workerId: string): Promise<number> {
  const holds = messages.flatMap((message, index) => {
    const fitted = routed.routes[index];
    if (fitted.kind !== "hold") return [];
    return [{ id: message.id, until: fitted.until ?? new Date(routed.now.getTime() + HOLD_WITHOUT_WINDOW_MS) }];
  });
  if (holds.length === 0) return 0;
  try {
    await holdForLimits({ leaseToken, holds });
    log("info", "drain.held_for_limits", { workerId, count: holds.length });
  } catch (error) {
    log("warn", "drain.hold_failed", { workerId, count: holds.length, error });
  }
  return holds.length;
}
