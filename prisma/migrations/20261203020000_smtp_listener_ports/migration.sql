-- Each SMTP listener process says where it listens, written with its sessions row every flush (issue 16), so the
-- SMTP page can show which ports are running — the listener may run in another process (`npm run smtp`) with its own
-- settings. NULL port: that port is off in that process; NULL host: a listener from before this migration.

-- AlterTable
ALTER TABLE "smtp_listener_sessions" ADD COLUMN "host" TEXT,
ADD COLUMN "submission_port" INTEGER,
ADD COLUMN "tls_port" INTEGER,
ADD COLUMN "plain_port" INTEGER;
