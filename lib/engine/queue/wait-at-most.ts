/** Resolves after `ms`; null (nothing to wait for) when `ms` is not positive. */
export function sleep(ms: number): Promise<void> | null {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : null;
}

/** The first of `events`, or `ms` passing; the timer does not outlive the wait. */
export async function waitAtMost(ms: number, events: Array<Promise<void> | undefined>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    // An absent event (no nextWake) must not count: Promise.race takes `undefined` as already settled.
    const pending = events.filter((event) => event !== undefined);
    await Promise.race([...pending, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
