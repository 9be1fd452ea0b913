-- The overview's 7-day chart per hour (issue 13): summing delivery_outcomes_per_minute over 7 days reads 10,080 rows
-- per gateway and outcome on every refresh; this table holds 168. Upserted by completeMessages with the others.

-- CreateTable
CREATE TABLE "delivery_outcomes_per_hour" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "gateway_id" UUID NOT NULL,
    "outcome" "AttemptOutcome" NOT NULL,
    "attempts" INTEGER NOT NULL,
    "duration_ms_sum" BIGINT NOT NULL,

    CONSTRAINT "delivery_outcomes_per_hour_pkey" PRIMARY KEY ("hour","gateway_id","outcome")
);

-- UTC hours, whatever the session's time zone (date_trunc on timestamptz truncates in the session's zone).
INSERT INTO "delivery_outcomes_per_hour" ("hour", "gateway_id", "outcome", "attempts", "duration_ms_sum")
SELECT date_trunc('hour', "minute" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "gateway_id", "outcome", sum("attempts"), sum("duration_ms_sum")
  FROM "delivery_outcomes_per_minute" GROUP BY 1, 2, 3;
