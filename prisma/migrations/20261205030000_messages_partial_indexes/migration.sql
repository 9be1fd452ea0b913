-- Three indexes of messages keep entries only for the rows that have the value they look up. Every claim and every
-- outcome rewrites a message row into each index whose predicate it meets (the updates change indexed columns, so
-- they are not heap-only), and most messages have no Idempotency-Key, are no DSN, or (over SMTP) have no API key:
-- their entries were written three times per message and never read. Equality lookups (the submission's
-- idempotency check, a DSN's link to its message, the API key filter, the foreign keys' ON DELETE SET NULL) imply
-- IS NOT NULL, so the planner uses the partial indexes for all of them; uniqueness is unchanged (NULLs are distinct).
DROP INDEX "messages_api_key_id_idempotency_key_key";
CREATE UNIQUE INDEX "messages_api_key_id_idempotency_key_key" ON "messages" ("api_key_id", "idempotency_key") WHERE "idempotency_key" IS NOT NULL;

DROP INDEX "messages_bounce_of_id_idx";
CREATE INDEX "messages_bounce_of_id_idx" ON "messages" ("bounce_of_id") WHERE "bounce_of_id" IS NOT NULL;

DROP INDEX "messages_api_key_idx";
CREATE INDEX "messages_api_key_idx" ON "messages" ("api_key_id", "created_at") WHERE "api_key_id" IS NOT NULL;
