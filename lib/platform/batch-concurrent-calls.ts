export type BatchOptions = {
  /** Batches running at once; calls arriving meanwhile wait and go together in the next batch. */
  maxInFlight?: number;
  maxBatch?: number;
  /** A batch is closed before the total `weight` of its inputs would pass this (a heavier call goes alone). */
  maxWeight?: number;
};

type Waiting<I, O> = { input: I; resolve: (value: O) => void; reject: (error: unknown) => void };

/**
 * Turns a function over many inputs (one SQL statement for all) into a function of one input. While `maxInFlight`
 * batches run, further calls wait and then go together; when nothing is running, a call goes at once, alone — no
 * timer, no added wait. Every call resolves after the batch that carried it, so it never sees data read before it
 * was made. `run` answers in input order; if it throws, every call of that batch gets the error.
 */
export function batchConcurrentCalls<I, O>(
  run: (inputs: I[]) => Promise<O[]>,
  { maxInFlight = 1, maxBatch = 100, weight, maxWeight = Infinity }: BatchOptions & { weight?: (input: I) => number } = {},
): (input: I) => Promise<O> {
  const waiting: Waiting<I, O>[] = [];
  let inFlight = 0;

  function pump(): void {
    while (inFlight < maxInFlight && waiting.length > 0) {
      const batch = [waiting.shift()!];
      let total = weight?.(batch[0].input) ?? 0;
      while (batch.length < maxBatch && waiting.length > 0) {
        const next = weight?.(waiting[0].input) ?? 0;
        if (total + next > maxWeight) break;
        total += next;
        batch.push(waiting.shift()!);
      }
      inFlight += 1;
      void run(batch.map((entry) => entry.input))
        .then(
          (outputs) => batch.forEach((entry, index) => entry.resolve(outputs[index])),
          (error: unknown) => batch.forEach((entry) => entry.reject(error)),
        )
        .finally(() => {
          inFlight -= 1;
          pump();
        });
    }
  }

  return (input) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ input, resolve, reject });
      pump();
    });
}
