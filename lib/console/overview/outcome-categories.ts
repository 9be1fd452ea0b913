import type { AttemptOutcome } from "../../generated/prisma/client";

/** The three numbers an admin reads, from the six attempt outcomes. */
export type OutcomeCounts = { delivered: number; deferred: number; failed: number };

/**
 * Partial (some recipients accepted) counts as delivered; a failover (that gateway could not take it) and an
 * unanswered end of data (may have arrived, retried) count as deferred; only a 5xx answer is failed.
 */
export const CATEGORY_OF: Record<AttemptOutcome, keyof OutcomeCounts> = {
  DELIVERED: "delivered",
  PARTIAL: "delivered",
  DEFERRED: "deferred",
  UNKNOWN: "deferred",
  FAILOVER: "deferred",
  FAILED: "failed",
};

export function zeroCounts(): OutcomeCounts {
  return { delivered: 0, deferred: 0, failed: 0 };
}
