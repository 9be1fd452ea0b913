-- CreateEnum
CREATE TYPE "MessageStatus" AS ENUM ('QUEUED', 'DELIVERED', 'PARTIALLY_DELIVERED', 'FAILED');

-- CreateEnum
CREATE TYPE "RecipientStatus" AS ENUM ('PENDING', 'DELIVERED', 'FAILED');

-- CreateEnum
CREATE TYPE "AttemptOutcome" AS ENUM ('DELIVERED', 'PARTIAL', 'DEFERRED', 'FAILED', 'FAILOVER');

-- AlterTable
ALTER TABLE "domains" ADD COLUMN "failover_to_round_robin" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "gateway_health" (
    "gateway_id" UUID NOT NULL,
    "cooldown_until" TIMESTAMPTZ(3),
    "last_failure_at" TIMESTAMPTZ(3),
    "last_error" TEXT,

    CONSTRAINT "gateway_health_pkey" PRIMARY KEY ("gateway_id")
);

-- CreateTable
CREATE TABLE "round_robin_cursor" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "position" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "round_robin_cursor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "retry_delays_seconds" INTEGER[] DEFAULT ARRAY[300, 600, 1200, 2400, 3600]::INTEGER[],
    "max_lifetime_seconds" INTEGER NOT NULL DEFAULT 432000,
    "bounces_enabled" BOOLEAN NOT NULL DEFAULT true,
    "default_failover_to_round_robin" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "delivery_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_key_domains" (
    "api_key_id" UUID NOT NULL,
    "domain_id" UUID NOT NULL,

    CONSTRAINT "api_key_domains_pkey" PRIMARY KEY ("api_key_id","domain_id")
);

-- CreateTable
CREATE TABLE "messages" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "api_key_id" UUID,
    "idempotency_key" TEXT,
    "request_hash" TEXT,
    "message_id" TEXT NOT NULL,
    "envelope_from" TEXT NOT NULL,
    "sender_domain" TEXT NOT NULL,
    "subject" TEXT,
    "raw" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "is_bounce" BOOLEAN NOT NULL DEFAULT false,
    "status" "MessageStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lease_token" UUID,
    "last_error" TEXT,
    "last_gateway_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "message_recipients" (
    "id" BIGSERIAL NOT NULL,
    "message_id" UUID NOT NULL,
    "address" TEXT NOT NULL,
    "status" "RecipientStatus" NOT NULL DEFAULT 'PENDING',
    "smtp_code" INTEGER,
    "smtp_response" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_recipients_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery_attempts" (
    "id" BIGSERIAL NOT NULL,
    "message_id" UUID NOT NULL,
    "gateway_id" UUID,
    "gateway_label" TEXT NOT NULL,
    "recipients" TEXT[],
    "outcome" "AttemptOutcome" NOT NULL,
    "smtp_code" INTEGER,
    "response" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_ms" INTEGER NOT NULL,

    CONSTRAINT "delivery_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- CreateIndex
CREATE INDEX "api_key_domains_domain_id_idx" ON "api_key_domains"("domain_id");

-- CreateIndex
CREATE UNIQUE INDEX "messages_api_key_id_idempotency_key_key" ON "messages"("api_key_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "messages_status_next_attempt_at_idx" ON "messages"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "messages_created_at_idx" ON "messages"("created_at");

-- CreateIndex
CREATE INDEX "message_recipients_message_id_idx" ON "message_recipients"("message_id");

-- CreateIndex
CREATE INDEX "delivery_attempts_message_id_idx" ON "delivery_attempts"("message_id");

-- AddForeignKey
ALTER TABLE "gateway_health" ADD CONSTRAINT "gateway_health_gateway_id_fkey" FOREIGN KEY ("gateway_id") REFERENCES "gateways"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key_domains" ADD CONSTRAINT "api_key_domains_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_keys"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key_domains" ADD CONSTRAINT "api_key_domains_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domains"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_keys"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_recipients" ADD CONSTRAINT "message_recipients_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_gateway_id_fkey" FOREIGN KEY ("gateway_id") REFERENCES "gateways"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The single-row tables start with their row, so readers never have to create it.
INSERT INTO "round_robin_cursor" ("id", "position") VALUES (1, 0);
INSERT INTO "delivery_settings" ("id") VALUES (1);
