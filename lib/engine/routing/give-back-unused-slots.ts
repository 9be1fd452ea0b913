import { log } from "../../platform/log";
import { gatewaySubject } from "./rate-limits";
import { giveBackWindowSlots, type ReservedWindows, type WindowGiveBack } from "./reserve-rate-slots";

/** One slot a message holds in a subject's limits, and the windows it was counted in (so it goes back to those). */
export type SlotReservation = { subject: string; windows: { windowSeconds: number; windowStart: Date }[] };

/** The slots routeClaim reserved for one message (`reserved`, FittedRoute) in the claim's windows. */
export function reservationsOf(reserved: string[], windows: ReservedWindows): SlotReservation[] {
  return reserved.map((subject) => ({ subject, windows: windows.get(subject) ?? [] }));
}

/**
 * Collects the limit slots a claim reserved but did not use, and hands them back in one statement at the end of the
 * claim. A message holds a slot of each gateway it was about to try (its first one, reserved with the claim, and
 * each one it failed over to, reserved then) and of its domain: only the gateway that answered keeps its slot, and
 * the domain's slot is kept when any gateway answered; if none answered (or it was given back unsent), every slot
 * goes back.
 */
export function createSlotGiveBack(workerId: string) {
  const unused = new Map<string, WindowGiveBack>();
  return {
    /**
     * `slots`: what the message holds; `answeredBy`: the report's gateway (null: none answered, or unsent);
     * `alsoSentBy`: earlier gateways that took some recipients before passing the rest on (deliverMessage, issue 11).
     */
    settle(slots: SlotReservation[], answeredBy: string | null, alsoSentBy: readonly string[] = []): void {
      for (const { subject, windows } of slots) {
        const isGateway = subject.startsWith(gatewaySubject(""));
        const sentBy = (gatewayId: string) => subject === gatewaySubject(gatewayId);
        const used = answeredBy !== null && (!isGateway || sentBy(answeredBy) || alsoSentBy.some(sentBy));
        if (used) continue;
        for (const { windowSeconds, windowStart } of windows) {
          const key = `${subject}/${windowSeconds}/${windowStart.getTime()}`;
          const entry = unused.get(key) ?? { subject, windowSeconds, windowStart, count: 0 };
          entry.count += 1;
          unused.set(key, entry);
        }
      }
    },
    /** Never throws: a slot not given back only makes the window stricter until it ends. */
    async flush(): Promise<void> {
      if (unused.size === 0) return;
      const rows = [...unused.values()];
      unused.clear();
      await giveBackWindowSlots(rows).catch((error) => log("warn", "drain.give_back_slots_failed", { workerId, error }));
    },
  };
}

/** A claim's ledger of unused slots (createSlotGiveBack). */
export type SlotGiveBack = ReturnType<typeof createSlotGiveBack>;
