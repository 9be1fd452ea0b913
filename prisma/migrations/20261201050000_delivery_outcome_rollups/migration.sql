-- Delivery outcome rollups (issue 13): the overview's charts and /metrics' counters read these small tables instead
-- of counting delivery_attempts (millions of rows). completeMessages upserts both in the statement that writes the
-- attempts, so they always agree with the log. gateway_id is the nil UUID for an attempt no gateway took; no
-- foreign key: a deleted gateway's history stays counted (Prometheus counters never go down).

-- CreateTable
CREATE TABLE "delivery_outcomes_per_minute" (
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "gateway_id" UUID NOT NULL,
    "outcome" "AttemptOutcome" NOT NULL,
    "attempts" INTEGER NOT NULL,
    "duration_ms_sum" BIGINT NOT NULL,

    CONSTRAINT "delivery_outcomes_per_minute_pkey" PRIMARY KEY ("minute","gateway_id","outcome")
);

-- CreateTable
CREATE TABLE "delivery_attempt_totals" (
    "gateway_id" UUID NOT NULL,
    "outcome" "AttemptOutcome" NOT NULL,
    "duration_le_ms" INTEGER NOT NULL,
    "attempts" BIGINT NOT NULL,
    "duration_ms_sum" BIGINT NOT NULL,

    CONSTRAINT "delivery_attempt_totals_pkey" PRIMARY KEY ("gateway_id","outcome","duration_le_ms")
);

-- The attempts logged before this migration. Buckets: lib/engine/queue/attempt-duration-buckets.ts.
INSERT INTO "delivery_outcomes_per_minute" ("minute", "gateway_id", "outcome", "attempts", "duration_ms_sum")
SELECT date_trunc('minute', "started_at"), coalesce("gateway_id", '00000000-0000-0000-0000-000000000000'), "outcome",
       count(*), sum("duration_ms")
  FROM "delivery_attempts" GROUP BY 1, 2, 3;

INSERT INTO "delivery_attempt_totals" ("gateway_id", "outcome", "duration_le_ms", "attempts", "duration_ms_sum")
SELECT coalesce("gateway_id", '00000000-0000-0000-0000-000000000000'), "outcome",
       coalesce((SELECT min(b) FROM unnest(ARRAY[100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000]) AS b WHERE b >= "duration_ms"), 2147483647),
       count(*), sum("duration_ms")
  FROM "delivery_attempts" GROUP BY 1, 2, 3;

-- Queued mail that every gateway failed over on had no last_gateway_id (item 4): the gateway of its last attempt.
UPDATE "messages" AS m
   SET "last_gateway_id" = (SELECT a."gateway_id" FROM "delivery_attempts" AS a
                             WHERE a."message_id" = m."id" AND a."gateway_id" IS NOT NULL ORDER BY a."id" DESC LIMIT 1)
 WHERE m."status" = 'QUEUED' AND m."last_gateway_id" IS NULL AND m."attempts" > 0;
