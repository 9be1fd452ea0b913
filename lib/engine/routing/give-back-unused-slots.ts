import { log } from "../../platform/log";
import { gatewaySubject } from "./rate-limits";
import { giveBackRateSlots, type ReservedWindows } from "./reserve-rate-slots";

/**
 * Collects the limit slots a claim reserved but did not use, and hands them back in one statement at the end of the
 * claim. A message reserved a slot of its first gateway (and of its domain): if another gateway answered (failover),
 * the first gateway's slot goes back; if none answered (or it was given back unsent), every slot goes back.
 */
export function createSlotGiveBack(windows: ReservedWindows, workerId: string) {
  const unused = new Map<string, number>();
  return {
    /** `reserved`: the message's subjects; `firstGatewayId`: the gateway it reserved for; `answeredBy`: the report's gateway. */
    settle(reserved: string[], firstGatewayId: string | null, answeredBy: string | null): void {
      for (const subject of reserved) {
        const used = answeredBy !== null && (subject !== gatewaySubject(firstGatewayId ?? "") || answeredBy === firstGatewayId);
        if (!used) unused.set(subject, (unused.get(subject) ?? 0) + 1);
      }
    },
    /** Never throws: a slot not given back only makes the window stricter until it ends. */
    async flush(): Promise<void> {
      if (unused.size === 0) return;
      const entries = [...unused].map(([subject, count]) => ({ subject, count }));
      unused.clear();
      await giveBackRateSlots(entries, windows).catch((error) => log("warn", "drain.give_back_slots_failed", { workerId, error }));
    },
  };
}
