-- The Messages page's search (issue 14, item 4): one index per promised search, so each answers from an index on a
-- queue of millions (bench figure "search", bench/RESULTS.md). How each field matches is decided in
-- lib/validation/message-filter.ts and the SQL in lib/engine/queue/select-messages-by-filter.ts:
-- - subject and recipient: case-insensitive substring (ILIKE '%text%', at least 3 characters) → pg_trgm GIN.
-- - Message-ID: exact or prefix (= / LIKE 'text%') → btree with text_pattern_ops, which serves both in any collation.
-- - sender: the whole address, case-insensitive → btree on lower(envelope_from).
-- - sender domain, API key, gateway (last tried), status: equality, newest first → btree (column, created_at), so
--   the page's ORDER BY created_at DESC LIMIT 51 reads the index backwards and stops.
-- Each index costs a little on every insert; GIN's pending list (fastupdate, the default) keeps the trigram ones
-- cheap at enqueue time. The embedded database installs pg_trgm as its superuser (lib/platform/embedded-postgres-
-- roles.ts); on a database of your own, install it once as a role with CREATE on the database (it is trusted since
-- PostgreSQL 13), then this finds it and needs nothing more.
-- Prisma's schema language cannot say GIN/opclass/expression: schema.prisma lists the plain columns with a comment.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "messages_subject_trgm_idx" ON "messages" USING gin ("subject" gin_trgm_ops);
CREATE INDEX "message_recipients_address_trgm_idx" ON "message_recipients" USING gin ("address" gin_trgm_ops);
CREATE INDEX "messages_message_id_idx" ON "messages" ("message_id" text_pattern_ops);
CREATE INDEX "messages_sender_idx" ON "messages" (lower("envelope_from"), "created_at", "id");
CREATE INDEX "messages_sender_domain_idx" ON "messages" ("sender_domain", "created_at");
CREATE INDEX "messages_api_key_idx" ON "messages" ("api_key_id", "created_at");
CREATE INDEX "messages_last_gateway_idx" ON "messages" ("last_gateway_id", "created_at");
CREATE INDEX "messages_status_created_idx" ON "messages" ("status", "created_at");
