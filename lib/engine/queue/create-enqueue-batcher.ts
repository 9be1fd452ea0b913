import { batchConcurrentCalls } from "../../platform/batch-concurrent-calls";
import { getProcessSingleton } from "../../platform/process-singleton";
import { enqueueMessage } from "./enqueue-message";
import { enqueueMessages, type EnqueuedMessage, type EnqueueMessageInput } from "./enqueue-messages";

export type EnqueueBatcherOptions = {
  /**
   * Statements at once; default one. A statement costs ~340 µs of PostgreSQL CPU whatever it carries (~150 of them its
   * WAL flush) and a message ~80 µs, so larger groups are cheaper: one in flight instead of two made groups twice as
   * large, submit +18 %, end to end +7 %, submit p99 21 → 14 ms (bench/RESULTS.md, run 16). Alone, a message still goes
   * at once.
   */
  maxInFlight?: number;
  maxBatch?: number;
  /** Raw bytes per statement; a larger message goes on its own. */
  maxBatchBytes?: number;
};

/** Resolves like enqueueMessage: null when the sender domain is not hosted. */
export type BatchedEnqueue = (input: EnqueueMessageInput) => Promise<EnqueuedMessage | null>;

type Outcome = { stored: EnqueuedMessage | null } | { error: unknown };

/**
 * Group commit for submissions. While `maxInFlight` statements run, further messages wait and then go together
 * in one statement (enqueueMessages): one commit — one WAL flush with fsync on — for the whole group. When the
 * database keeps up, a message goes at once, alone: no added wait. Every caller resolves only after its message
 * was committed.
 *
 * Each message gets the answer it would get on its own: one not stored for another reason than an unhosted domain
 * (its Idempotency-Key was taken), and every message of a group whose statement the database refused (nothing of it
 * was committed), is sent again alone with enqueueMessage.
 */
export function createEnqueueBatcher({ maxInFlight = 1, maxBatch = 100, maxBatchBytes = 4 * 1024 * 1024 }: EnqueueBatcherOptions = {}): BatchedEnqueue {
  const call = batchConcurrentCalls(commitGroup, { maxInFlight, maxBatch, maxWeight: maxBatchBytes, weight: (input: EnqueueMessageInput) => input.raw.byteLength });
  return async (input) => {
    const outcome = await call(input);
    if ("error" in outcome) throw outcome.error;
    return outcome.stored;
  };
}

// One per process (getProcessSingleton): one group commit for every module copy that submits.
const batcher = getProcessSingleton("outgate.queue.enqueue-batcher", () => createEnqueueBatcher());

/** The process's batcher for API submissions. */
export function getEnqueueBatcher(): BatchedEnqueue {
  return batcher;
}

async function commitGroup(inputs: EnqueueMessageInput[]): Promise<Outcome[]> {
  let results: (EnqueuedMessage | null)[];
  try {
    results = await enqueueMessages(inputs);
  } catch (error) {
    // The database refused the statement for its data: nothing was committed, so each message is tried alone and
    // fails or succeeds by itself. Anything else (connection lost: the commit may or may not have happened) is
    // answered as it is — never retried, so nothing can be stored twice.
    if (!refusedByDatabase(error)) return inputs.map(() => ({ error }));
    return Promise.all(inputs.map(alone));
  }
  return Promise.all(
    inputs.map((input, index) => {
      const stored = results[index];
      // Not stored: without an idempotency key the domain is not hosted; with one, let the single path tell.
      if (stored || !input.idempotencyKey) return { stored };
      return alone(input);
    }),
  );
}

async function alone(input: EnqueueMessageInput): Promise<Outcome> {
  try {
    return { stored: await enqueueMessage(input) };
  } catch (error) {
    return { error };
  }
}

/**
 * The server refused the statement for its data (SQLSTATE class 22 data exception or 23 integrity violation): it
 * was rolled back, so trying the messages again cannot store anything twice.
 */
function refusedByDatabase(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^2[23][0-9A-Z]{3}$/.test(code);
}
