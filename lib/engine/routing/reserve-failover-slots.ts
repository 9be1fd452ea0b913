import type { RoutingGateway } from "./choose-gateways";
import { describeUse } from "./fit-routes-to-limits";
import { gatewaySubject } from "./rate-limits";
import { freeAtOf, reserveRateSlots } from "./reserve-rate-slots";
import type { SlotReservation } from "./give-back-unused-slots";

/** A gateway a message fails over to may take it (`slot` is now counted against its limits), or is full until `until`. */
export type FailoverAdmission = { ok: true; slot: SlotReservation } | { ok: false; reason: string; until: Date | null };

type Waiting = { gateway: RoutingGateway; resolve: (admission: FailoverAdmission) => void };

/**
 * Reserves a slot of a limited gateway at the moment mail fails over to it (issue 15): routeClaim reserves only each
 * message's first gateway, and every message a limited gateway takes must count against it, failover or not. When a
 * gateway dies, the rest of its claim fails over at once: the requests that arrive in one turn of the event loop are
 * reserved together in one transaction (reserveRateSlots, exact under concurrent workers), granted in arrival order
 * while the gateway's windows have room. A gateway with no room — or a reservation that could not be made (database
 * error) — refuses the message: it is never sent unreserved. Never rejects.
 */
export function createFailoverReserver(): (gateway: RoutingGateway) => Promise<FailoverAdmission> {
  let waiting: Waiting[] = [];
  const reserveWaiting = async () => {
    const batch = waiting;
    waiting = [];
    const demands = new Map(batch.map(({ gateway }) => [gatewaySubject(gateway.id), { subject: gatewaySubject(gateway.id), limits: gateway.limits ?? [] }]));
    try {
      const { result, windows } = await reserveRateSlots([...demands.values()], (rooms) => {
        const taken = new Map<string, number>();
        const granted = batch.map(({ gateway }) => {
          const subject = gatewaySubject(gateway.id);
          const room = rooms.get(subject);
          const used = taken.get(subject) ?? 0;
          if (room && used >= room.room) return { ok: false as const, reason: `at its sending limit${describeUse(room, used)}: skipped`, until: freeAtOf(room, used) };
          taken.set(subject, used + 1);
          return { ok: true as const, subject };
        });
        return { result: granted, taken };
      });
      batch.forEach(({ resolve }, index) => {
        const admission = result[index];
        resolve(admission.ok ? { ok: true, slot: { subject: admission.subject, windows: windows.get(admission.subject) ?? [] } } : admission);
      });
    } catch (error) {
      const reason = `its sending limit could not be checked (${error instanceof Error ? error.message : String(error)}): skipped`;
      for (const { resolve } of batch) resolve({ ok: false, reason, until: null });
    }
  };
  return (gateway) =>
    new Promise<FailoverAdmission>((resolve) => {
      if (waiting.length === 0) setImmediate(() => void reserveWaiting());
      waiting.push({ gateway, resolve });
    });
}
