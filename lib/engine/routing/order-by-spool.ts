import type { SpoolReading } from "../smartermail/spool-count-cache";

export type OrderBySpoolOptions = {
  /** Readings older than this are not trusted to rank gateways. */
  maxAgeMs: number;
  now?: number;
};

/**
 * SmarterMail's "intelligent round robin": the round-robin gateways, fewest spooled messages first; equal
 * counts keep their ring order, so the round-robin cursor still breaks ties fairly. When any gateway lacks a
 * fresh reading the ring is returned unchanged — ranking a known count against an unknown one would pour
 * every message onto whichever gateway happens to be measured. Pure; never mutates its input.
 */
export function orderBySpool<T extends { id: string }>(
  ring: readonly T[],
  readings: ReadonlyMap<string, SpoolReading>,
  { maxAgeMs, now = Date.now() }: OrderBySpoolOptions,
): T[] {
  const counts: number[] = [];
  for (const gateway of ring) {
    const reading = readings.get(gateway.id);
    const age = reading ? now - reading.readAt : Number.POSITIVE_INFINITY;
    if (!reading || !Number.isFinite(reading.count) || age > maxAgeMs || age < -maxAgeMs) return [...ring];
    counts.push(reading.count);
  }
  return ring
    .map((gateway, position) => ({ gateway, position, count: counts[position] }))
    .sort((a, b) => a.count - b.count || a.position - b.position)
    .map((entry) => entry.gateway);
}

/**
 * For one routing batch: orders each message's ring with `orderBySpool` and counts the message against the
 * gateway put first, so a batch spreads over the gateways instead of every message landing on the one that
 * was emptiest at the last reading. `onPick` lets the caller carry that tally beyond the batch.
 */
export function createSpoolBalancer(
  readings: ReadonlyMap<string, SpoolReading>,
  options: OrderBySpoolOptions & { onPick?: (gatewayId: string) => void },
): <T extends { id: string }>(ring: readonly T[]) => T[] {
  const tally = new Map([...readings].map(([id, reading]) => [id, { ...reading }]));
  return (ring) => {
    const ordered = orderBySpool(ring, tally, options);
    const first = ordered[0] ? tally.get(ordered[0].id) : undefined;
    if (first) {
      first.count += 1;
      options.onPick?.(ordered[0].id);
    }
    return ordered;
  };
}
