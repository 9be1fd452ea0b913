-- Move to gateway (issue 14) as a preference, not a pin: the chosen gateway is tried first on every attempt and the
-- message's usual route is its failover, so a moved message is never stranded at a gateway that fails, is disabled,
-- draining or deleted. pinned_gateway_id stays the strict pin of a test message (that gateway only).

-- AlterTable
ALTER TABLE "messages" ADD COLUMN "moved_to_gateway_id" UUID;

-- Mail moved before this migration carried the move as a strict pin. Test messages are made by an admin (no API key,
-- no SMTP credential) and keep theirs; submitted mail that waits becomes moved mail. Held and queued rows only,
-- through the (status, next_attempt_at) index.
UPDATE "messages"
   SET "moved_to_gateway_id" = "pinned_gateway_id", "pinned_gateway_id" = NULL
 WHERE "status" IN ('QUEUED', 'HELD') AND "pinned_gateway_id" IS NOT NULL
   AND ("api_key_id" IS NOT NULL OR "smtp_credential_id" IS NOT NULL);
