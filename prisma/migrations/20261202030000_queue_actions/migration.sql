-- Queue actions (issue 14, items 1 and 2): HELD is a real queue state (never claimed, counted), DELETED records an
-- admin's delete (no delivery, no DSN). An action on a message a worker holds the lease of is recorded in
-- pending_action and applied when the worker completes (lib/engine/queue/actions/apply-queue-action.ts);
-- the claim skips such messages. Bulk actions run as jobs in queue_action_jobs, executed in batches by any
-- process (lib/engine/queue/actions/run-queue-action-jobs.ts).

-- AlterEnum (the new values are not used in this transaction, which PostgreSQL requires)
ALTER TYPE "MessageStatus" ADD VALUE 'HELD';
ALTER TYPE "MessageStatus" ADD VALUE 'DELETED';

-- AlterTable
ALTER TABLE "messages" ADD COLUMN "hold_reason" TEXT,
ADD COLUMN "held_at" TIMESTAMPTZ(3),
ADD COLUMN "held_by" TEXT,
ADD COLUMN "pending_action" JSONB;

-- CreateTable
CREATE TABLE "queue_action_jobs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "action" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "filter" JSONB,
    "ids" UUID[],
    "total" INTEGER NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "changed" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'running',
    "cursor" UUID,
    "error" TEXT,
    "created_by" TEXT NOT NULL,
    "lease_token" UUID,
    "lease_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "queue_action_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "queue_action_jobs_status_lease_until_idx" ON "queue_action_jobs"("status", "lease_until");

-- CreateIndex: the messages waiting for an action the claim skipped (few; the partial index keeps the sweep cheap)
CREATE INDEX "messages_pending_action_idx" ON "messages"("id") WHERE "pending_action" IS NOT NULL;
