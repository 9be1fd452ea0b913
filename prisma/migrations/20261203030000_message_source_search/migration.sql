-- The Messages page's search after a new-user trial (issue 14, item 4): the sender is searched like the recipient —
-- any part of the address, any case (an admin types "billing@" or "example.com") — and messages can be filtered by
-- how they arrived: over SMTP or the API, and by SMTP credential. How each field matches is decided in
-- lib/validation/message-filter.ts, the SQL in lib/engine/queue/select-messages-by-filter.ts; the figures are in
-- bench/RESULTS.md (search, 1,000,000 messages).
-- - sender: ILIKE '%text%' → pg_trgm GIN on envelope_from (pg_trgm is installed by 20261202040000). The btree on
--   lower(envelope_from) served only the old whole-address match and is dropped, so enqueueing pays for one sender
--   index, not two.
-- - SMTP credential: equality, newest first → (smtp_credential_id, created_at), partial: API mail has none.
-- - via SMTP: newest first → (created_at, id) of SMTP mail only, partial; "via API" (most mail in most setups)
--   reads created_at backwards and filters, like an unfiltered page.
-- - recipient (unchanged trigram on message_recipients): the counts per status of a recipient substring common to
--   many messages (1 % of 1,000,000) took 510 ms, because the planner read every message (a parallel seq scan, hash
--   semi join) rather than fetch 10,000 scattered rows for their status. (id) INCLUDE (status) lets it look each
--   matching recipient's message up in the index alone (index-only, no heap page), which it then prefers.

CREATE INDEX "messages_envelope_from_trgm_idx" ON "messages" USING gin ("envelope_from" gin_trgm_ops);
DROP INDEX "messages_sender_idx";
CREATE INDEX "messages_smtp_credential_idx" ON "messages" ("smtp_credential_id", "created_at") WHERE "smtp_credential_id" IS NOT NULL;
CREATE INDEX "messages_via_smtp_idx" ON "messages" ("created_at", "id") WHERE "submitted_via" = 'smtp';
CREATE INDEX "messages_id_status_idx" ON "messages" ("id") INCLUDE ("status");
