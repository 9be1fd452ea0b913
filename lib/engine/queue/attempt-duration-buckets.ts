/**
 * Upper bounds (ms, inclusive) of the attempt-duration histogram kept in delivery_attempt_totals, from a quick
 * relay hand-off to a gateway that holds the end of data for minutes. An attempt longer than the last bound is
 * stored under OVERFLOW_BUCKET_MS (Prometheus' le="+Inf"). The migration that created the table repeats this list.
 */
export const ATTEMPT_DURATION_BUCKETS_MS = [100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000] as const;

/** The bucket of attempts longer than every bound (the largest int4). */
export const OVERFLOW_BUCKET_MS = 2147483647;

/** gateway_id of the rollup rows of attempts no gateway took ("No usable gateway"). */
export const NO_GATEWAY_ID = "00000000-0000-0000-0000-000000000000";
