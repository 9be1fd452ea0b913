-- SMTP submission (issue 16): how each message arrived, and the listener's counts for the overview.
-- smtp_credential_id has no foreign key: smtp_credentials is created by a later migration (2026120202…), and the
-- message keeps naming the credential after it is deleted, like delivery history outlives a gateway.

-- AlterTable
ALTER TABLE "messages" ADD COLUMN "submitted_via" TEXT NOT NULL DEFAULT 'api',
                       ADD COLUMN "client_ip" TEXT,
                       ADD COLUMN "smtp_credential_id" UUID,
                       ADD CONSTRAINT "messages_submitted_via_check" CHECK ("submitted_via" IN ('api', 'smtp'));

-- A client that lost the connection after DATA sends the same message again: found by its Message-ID (partial, so
-- API messages cost nothing).
CREATE INDEX "messages_smtp_message_id_idx" ON "messages" ("smtp_credential_id", "message_id") WHERE "smtp_credential_id" IS NOT NULL;

-- CreateTable: transactions answered per minute (UTC), summed over every listener process.
CREATE TABLE "smtp_submissions_per_minute" (
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "accepted" INTEGER NOT NULL,
    "rejected" INTEGER NOT NULL,

    CONSTRAINT "smtp_submissions_per_minute_pkey" PRIMARY KEY ("minute")
);

-- CreateTable: each listener process's open sessions, refreshed every few seconds; a row not refreshed is a
-- process that is gone and no longer counted.
CREATE TABLE "smtp_listener_sessions" (
    "listener_id" TEXT NOT NULL,
    "sessions" INTEGER NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "smtp_listener_sessions_pkey" PRIMARY KEY ("listener_id")
);
