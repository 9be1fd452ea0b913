-- Traffic shaping (issue 15 items 1, 2) and drain mode (issue 14 item 3).
-- Gateways: messages per minute / hour / day (NULL = unlimited), a round-robin weight (1..100), and draining
-- (Status "Draining": still enabled, so its health and sessions stay visible, but no mail is routed to it).
ALTER TABLE "gateways"
    ADD COLUMN "per_minute_limit" INTEGER,
    ADD COLUMN "per_hour_limit" INTEGER,
    ADD COLUMN "per_day_limit" INTEGER,
    ADD COLUMN "weight" INTEGER NOT NULL DEFAULT 1,
    ADD COLUMN "draining" BOOLEAN NOT NULL DEFAULT false,
    ADD CONSTRAINT "gateways_limits_positive" CHECK (
        coalesce("per_minute_limit", 1) > 0 AND coalesce("per_hour_limit", 1) > 0 AND coalesce("per_day_limit", 1) > 0),
    ADD CONSTRAINT "gateways_weight_range" CHECK ("weight" BETWEEN 1 AND 100);

-- An API key's limits always answer 429 (the key is the client that must slow down).
-- What a domain does at its sending limit: DELAY accepts and holds the mail until the window has
-- room; REJECT answers the submission 429 with Retry-After (SmarterMail's "Outgoing messages per hour" action).
CREATE TYPE "SendingLimitAction" AS ENUM ('DELAY', 'REJECT');

ALTER TABLE "domains"
    ADD COLUMN "per_hour_limit" INTEGER,
    ADD COLUMN "per_day_limit" INTEGER,
    ADD COLUMN "limit_action" "SendingLimitAction" NOT NULL DEFAULT 'DELAY',
    ADD CONSTRAINT "domains_limits_positive" CHECK (coalesce("per_hour_limit", 1) > 0 AND coalesce("per_day_limit", 1) > 0);

ALTER TABLE "api_keys"
    ADD COLUMN "per_hour_limit" INTEGER,
    ADD COLUMN "per_day_limit" INTEGER,
    ADD CONSTRAINT "api_keys_limits_positive" CHECK (coalesce("per_hour_limit", 1) > 0 AND coalesce("per_day_limit", 1) > 0);

-- The shared use of every limit: one row per subject ("gateway:<id>", "domain:<id>", "key:<id>"), window length
-- and window start. Workers reserve slots per batch (lib/engine/routing/reserve-rate-slots.ts) and give unused
-- ones back, so the count is exact for what was sent and costs two statements per batch, not one per message.
CREATE TABLE "rate_windows" (
    "subject" TEXT NOT NULL,
    "window_seconds" INTEGER NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "used" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "rate_windows_pkey" PRIMARY KEY ("subject", "window_seconds", "window_start")
);
