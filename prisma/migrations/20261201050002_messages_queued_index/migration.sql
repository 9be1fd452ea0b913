-- The queued messages alone, with what the overview, the Spool Count column and /metrics count them by (issue 13):
-- their count per gateway becomes an index-only scan of this small index instead of one heap page per queued
-- message scattered through a table of millions (bench, 1,000,000 messages with 50,000 queued: 366 → 127 ms on a
-- loaded 2-core machine). Partial, so delivered and failed mail costs nothing here; ordered by created_at, so the
-- oldest queued message is its first entry. Prisma's schema language has neither WHERE nor INCLUDE: schema.prisma
-- lists the same columns with a comment.

-- CreateIndex
CREATE INDEX "messages_queued_idx" ON "messages" ("created_at") INCLUDE ("last_gateway_id", "sender_domain", "next_attempt_at", "attempts", "lease_token") WHERE "status" = 'QUEUED';
