-- Rules that react to a gateway's answers (issue 15, item 3). A rule matches an SMTP answer by reply code or class
-- ("421", "4xx"), enhanced status code ("4.7.0", or a prefix "4.7"), and/or a case-insensitive text pattern
-- ("*" matches any run of characters), for one gateway or all (gateway_id NULL); the first enabled rule in
-- position order wins. Actions: suspend the gateway for `minutes`, lower its rate to `rate_per_minute` for
-- `minutes`, or defer the message `minutes` without counting an attempt. Suspension is shared through
-- gateway_health (the cool-down columns every worker already reads).

-- CreateEnum
CREATE TYPE "AnswerRuleAction" AS ENUM ('SUSPEND_GATEWAY', 'LOWER_RATE', 'DEFER_MESSAGE');

-- CreateTable
CREATE TABLE "gateway_answer_rules" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "gateway_id" UUID,
    "match_code" TEXT,
    "match_enhanced_code" TEXT,
    "match_text" TEXT,
    "action" "AnswerRuleAction" NOT NULL,
    "minutes" INTEGER NOT NULL,
    "rate_per_minute" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "gateway_answer_rules_pkey" PRIMARY KEY ("id"),
    -- The form's bounds (lib/validation/answer-rule.ts), so no other writer can store a rule the engine cannot use.
    CONSTRAINT "gateway_answer_rules_matches_something" CHECK ("match_code" IS NOT NULL OR "match_enhanced_code" IS NOT NULL OR "match_text" IS NOT NULL),
    CONSTRAINT "gateway_answer_rules_minutes_range" CHECK ("minutes" BETWEEN 1 AND 10080),
    CONSTRAINT "gateway_answer_rules_rate" CHECK (("action" = 'LOWER_RATE') = ("rate_per_minute" IS NOT NULL) AND coalesce("rate_per_minute", 1) BETWEEN 1 AND 1000000)
);

-- CreateIndex
CREATE INDEX "gateway_answer_rules_position_idx" ON "gateway_answer_rules"("position");

-- AddForeignKey
ALTER TABLE "gateway_answer_rules" ADD CONSTRAINT "gateway_answer_rules_gateway_id_fkey" FOREIGN KEY ("gateway_id") REFERENCES "gateways"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable: what a rule did to the gateway, shared by every worker. suspended_until keeps cooldown_until from
-- being ended early by a probe or a delivery; rate_per_minute/rate_limited_until is a lowered rate in force.
ALTER TABLE "gateway_health" ADD COLUMN "suspended_until" TIMESTAMPTZ(3),
ADD COLUMN "rate_per_minute" INTEGER,
ADD COLUMN "rate_limited_until" TIMESTAMPTZ(3),
ADD COLUMN "rule_fired_at" TIMESTAMPTZ(3),
ADD COLUMN "rule_fired" TEXT;

-- AlterTable: the rule that fired on an attempt, as it was named then (history outlives the rule).
ALTER TABLE "delivery_attempts" ADD COLUMN "rule_fired" TEXT;

-- Defaults for well-known smarthost rate-limit answers; sources in docs/ANSWER-RULES.md.
INSERT INTO "gateway_answer_rules" ("name", "position", "match_code", "match_enhanced_code", "match_text", "action", "minutes", "rate_per_minute", "updated_at") VALUES
  ('Amazon SES: maximum sending rate exceeded', 10, '454', NULL, 'Maximum sending rate exceeded', 'SUSPEND_GATEWAY', 1, NULL, CURRENT_TIMESTAMP),
  ('Amazon SES: daily message quota exceeded', 20, '454', NULL, 'Daily message quota exceeded', 'SUSPEND_GATEWAY', 60, NULL, CURRENT_TIMESTAMP),
  ('Google Workspace SMTP relay: peak relay limit exceeded', 30, '450', '4.2.1', 'relay limit exceeded', 'SUSPEND_GATEWAY', 15, NULL, CURRENT_TIMESTAMP),
  ('Gmail: recipient receiving mail too fast', 40, '450', '4.2.1', 'receiving * at a rate', 'DEFER_MESSAGE', 30, NULL, CURRENT_TIMESTAMP),
  ('Gmail: sender temporarily rate limited', 50, '421', '4.7', 'rate limited', 'SUSPEND_GATEWAY', 15, NULL, CURRENT_TIMESTAMP),
  ('Microsoft 365: server busy (throttled)', 60, '4xx', '4.7.500', 'Server busy', 'SUSPEND_GATEWAY', 5, NULL, CURRENT_TIMESTAMP),
  ('Microsoft 365: too many recipients', 70, '452', '4.5.3', 'Too many recipients', 'DEFER_MESSAGE', 15, NULL, CURRENT_TIMESTAMP),
  ('Any smarthost: 4xx "rate limit"', 80, '4xx', NULL, 'rate limit', 'SUSPEND_GATEWAY', 5, NULL, CURRENT_TIMESTAMP);
