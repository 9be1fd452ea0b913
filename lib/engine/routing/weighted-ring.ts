type Weighted = { id: string; weight?: number };

const cache = new Map<string, number[]>();

/**
 * The round-robin order for cursor slot `position` over `ring` (ordered by id, the same for every worker): smooth
 * weighted round robin (nginx's, see ngx_http_upstream_get_peer) over one cycle of sum(weights) slots, so weights
 * 3 and 1 give A A B A — three turns in four, interleaved rather than in a block. The first gateway is the one
 * whose turn slot `position` is; the others follow in the order their next turns come, so overflow and failover
 * go to whoever is next anyway. All weights 1 (the default) is plain rotation. Because every worker takes its
 * slots from the one shared cursor, the shares hold across workers exactly.
 */
export function weightedRing<T extends Weighted>(ring: readonly T[], position: bigint): T[] {
  if (ring.length === 0) return [];
  const cycle = turnsOf(ring);
  const offset = Number(((position % BigInt(cycle.length)) + BigInt(cycle.length)) % BigInt(cycle.length));
  const order: T[] = [];
  const seen = new Set<number>();
  for (let step = 0; step < cycle.length && order.length < ring.length; step += 1) {
    const index = cycle[(offset + step) % cycle.length];
    if (seen.has(index)) continue;
    seen.add(index);
    order.push(ring[index]);
  }
  // A gateway with no turn in the cycle cannot exist (every weight is at least 1), but never drop one.
  for (let index = 0; index < ring.length; index += 1) if (!seen.has(index)) order.push(ring[index]);
  return order;
}

/** One cycle of smooth weighted round robin, as indexes into `ring`; memoised per ring and weights. */
function turnsOf(ring: readonly Weighted[]): number[] {
  const key = ring.map((gateway) => `${gateway.id}*${weightOf(gateway)}`).join(",");
  const known = cache.get(key);
  if (known) return known;
  const weights = ring.map(weightOf);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const current = weights.map(() => 0);
  const turns: number[] = [];
  for (let slot = 0; slot < total; slot += 1) {
    let best = 0;
    for (let index = 0; index < weights.length; index += 1) {
      current[index] += weights[index];
      if (current[index] > current[best]) best = index;
    }
    current[best] -= total;
    turns.push(best);
  }
  if (cache.size > 100) cache.clear();
  cache.set(key, turns);
  return turns;
}

function weightOf(gateway: Weighted): number {
  return Math.max(1, Math.floor(gateway.weight ?? 1));
}
