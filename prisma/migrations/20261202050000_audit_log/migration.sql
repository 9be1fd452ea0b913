-- Audit log (issue 14, item 6): every admin change with who, when, what and the values before and after it.
-- Written by lib/console/audit/record-audit.ts in the transaction of the change it describes, with secrets
-- stripped. No foreign keys: an entry outlives the admin, gateway or key it names (actor_label and target_label
-- keep their names). Kept until OUTGATE_AUDIT_RETENTION_DAYS (README), by default for ever.

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_kind" TEXT NOT NULL,
    "actor_admin_id" UUID,
    "actor_label" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "target_label" TEXT,
    "before" JSONB,
    "after" JSONB,
    "detail" JSONB,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- The page lists newest first by id (the cursor) and filters by date, actor, action and target.
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");
CREATE INDEX "audit_log_actor_label_id_idx" ON "audit_log"("actor_label", "id");
CREATE INDEX "audit_log_action_id_idx" ON "audit_log"("action", "id");
CREATE INDEX "audit_log_target_type_target_id_id_idx" ON "audit_log"("target_type", "target_id", "id");
