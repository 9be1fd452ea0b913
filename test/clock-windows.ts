/**
 * Waits, when fewer than `needMs` are left of the current `periodMs` window, until just after the next one begins.
 * Rate windows (lib/engine/routing/rate-limits.ts) and clock hours are aligned to the Unix epoch, so a test whose counts
 * must fall in one window — or that waits for a window's end — starts with the room it needs. Waits at most
 * `needMs` + 20 ms.
 */
export async function waitForWindowRoom(periodMs: number, needMs: number): Promise<void> {
  const leftMs = periodMs - (Date.now() % periodMs);
  if (leftMs < needMs) await new Promise((resolve) => setTimeout(resolve, leftMs + 20));
}
