export type GroupRecorder<T> = {
  /** One message's send finished: its outcome joins the next group. */
  add(outcome: T): void;
  /** One message will never be recorded (its send threw): it no longer holds the group back. */
  skip(): void;
  /** Resolves once every message was added or skipped and every group recorded; rejects with the first record error. */
  settled(): Promise<void>;
};

export type GroupRecorderOptions<T> = {
  /** Messages of the claim; the last one to finish flushes at once. */
  expected: number;
  /** A finished outcome waits at most this long for the rest of its claim before it is recorded without them. */
  gatherMs: number;
  /** Writes one group (one statement); called again for later groups while earlier ones may still run. */
  record: (group: T[]) => Promise<void>;
};

/**
 * Records the outcomes of one claim's messages in groups as their sends finish. When every send is fast the claim
 * finishes within a few milliseconds and is recorded as one group, one statement and one commit, as before. A send
 * that takes long (a gateway answering the final "." after minutes, RFC 5321 §4.5.3.2.6 allows 10) no longer holds
 * the others: what finished is recorded after `gatherMs`, and the slow one later, in a group of its own or with
 * other late ones. Each message keeps the claim's lease until its own group is recorded.
 */
export function createGroupRecorder<T>({ expected, gatherMs, record }: GroupRecorderOptions<T>): GroupRecorder<T> {
  let outstanding = expected;
  let pending: T[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const writes: Promise<void>[] = [];
  let allDone: () => void = () => {};
  const done = new Promise<void>((resolve) => (allDone = resolve));

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const group = pending;
    pending = [];
    if (group.length > 0) writes.push(record(group));
  };
  const finished = () => {
    outstanding -= 1;
    if (outstanding <= 0) {
      flush();
      allDone();
    } else if (pending.length > 0 && !timer) {
      timer = setTimeout(flush, gatherMs);
    }
  };
  if (expected <= 0) allDone();

  return {
    add(outcome) {
      pending.push(outcome);
      finished();
    },
    skip: finished,
    async settled() {
      await done;
      const results = await Promise.allSettled(writes);
      const failed = results.find((result) => result.status === "rejected");
      if (failed) throw failed.reason;
    },
  };
}
