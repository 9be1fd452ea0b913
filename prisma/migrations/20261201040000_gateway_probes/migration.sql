-- Gateway health from active probes (issue 13): the last probe's result, the last success of a probe or a
-- delivery, and a short lease so that of any number of workers one probes each gateway per interval.

-- AlterTable
ALTER TABLE "gateway_health"
    ADD COLUMN "last_success_at" TIMESTAMPTZ(3),
    ADD COLUMN "probed_at" TIMESTAMPTZ(3),
    ADD COLUMN "probe_ok" BOOLEAN,
    ADD COLUMN "probe_latency_ms" INTEGER,
    ADD COLUMN "probe_error" TEXT,
    ADD COLUMN "probe_lease_until" TIMESTAMPTZ(3);
