-- Per-gateway SMTP session settings (issue 11). The defaults are DEFAULT_SESSION_SETTINGS
-- (lib/engine/delivery/session-settings.ts), in seconds: RFC 5321 §4.5.3.2's minimum for each stage, a short
-- connect timeout; lib/console/gateways/session-columns.test.ts proves the two agree.

-- CreateEnum
CREATE TYPE "GatewayAuthMechanism" AS ENUM ('AUTO', 'PLAIN', 'LOGIN', 'CRAM_MD5');

-- AlterEnum: an attempt whose end of data went unanswered; the gateway may have accepted the message.
ALTER TYPE "AttemptOutcome" ADD VALUE 'UNKNOWN';

-- AlterTable
ALTER TABLE "gateways"
    ADD COLUMN "auth_mechanism" "GatewayAuthMechanism" NOT NULL DEFAULT 'AUTO',
    ADD COLUMN "connect_timeout_seconds" INTEGER NOT NULL DEFAULT 30,
    ADD COLUMN "greeting_timeout_seconds" INTEGER NOT NULL DEFAULT 300,
    ADD COLUMN "mail_timeout_seconds" INTEGER NOT NULL DEFAULT 300,
    ADD COLUMN "rcpt_timeout_seconds" INTEGER NOT NULL DEFAULT 300,
    ADD COLUMN "data_init_timeout_seconds" INTEGER NOT NULL DEFAULT 120,
    ADD COLUMN "data_block_timeout_seconds" INTEGER NOT NULL DEFAULT 180,
    ADD COLUMN "data_term_timeout_seconds" INTEGER NOT NULL DEFAULT 600,
    ADD COLUMN "max_connections" INTEGER NOT NULL DEFAULT 10,
    ADD COLUMN "messages_per_connection" INTEGER NOT NULL DEFAULT 100,
    ADD COLUMN "recipients_per_transaction" INTEGER NOT NULL DEFAULT 100,
    -- The same bounds as lib/validation/gateway.ts (GATEWAY_SESSION_BOUNDS).
    ADD CONSTRAINT "gateways_timeouts_check" CHECK (
        "connect_timeout_seconds" BETWEEN 1 AND 3600 AND "greeting_timeout_seconds" BETWEEN 1 AND 3600
        AND "mail_timeout_seconds" BETWEEN 1 AND 3600 AND "rcpt_timeout_seconds" BETWEEN 1 AND 3600
        AND "data_init_timeout_seconds" BETWEEN 1 AND 3600 AND "data_block_timeout_seconds" BETWEEN 1 AND 3600
        AND "data_term_timeout_seconds" BETWEEN 1 AND 3600),
    ADD CONSTRAINT "gateways_max_connections_check" CHECK ("max_connections" BETWEEN 1 AND 100),
    ADD CONSTRAINT "gateways_messages_per_connection_check" CHECK ("messages_per_connection" BETWEEN 1 AND 10000),
    ADD CONSTRAINT "gateways_recipients_per_transaction_check" CHECK ("recipients_per_transaction" BETWEEN 1 AND 1000);
