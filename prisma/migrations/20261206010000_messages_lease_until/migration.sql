-- The claim becomes a heap-only (HOT) update. Until now it pushed next_attempt_at forward by the lease and counted the
-- attempt, both indexed columns (the claim's own (status, next_attempt_at) index, messages_queued_idx's INCLUDE), so
-- every claim wrote a new entry into each of the ~15 indexes of messages and copied the row to another page — and then
-- the outcome did it all again. Now the lease has its own column, lease_until, which no index names: the claim sets
-- lease_token and lease_until only, the attempt is counted by the outcome, and with room left on each page
-- (fillfactor) PostgreSQL keeps the new row version on the same page and writes no index at all
-- (https://www.postgresql.org/docs/current/storage-hot.html). A message is leased while lease_until is in the future;
-- when it passes (a worker died) the message is claimable again, as the pushed next_attempt_at made it before.

ALTER TABLE "messages" ADD COLUMN "lease_until" TIMESTAMPTZ(3);

-- A lease held across the upgrade keeps its end: the old claim kept it in next_attempt_at.
UPDATE "messages" SET "lease_until" = "next_attempt_at" WHERE "lease_token" IS NOT NULL AND "status" = 'QUEUED' AND "next_attempt_at" > now();

-- lease_token left the index: the claim writes it, and an indexed column would make every claim a full update again.
DROP INDEX "messages_queued_idx";
CREATE INDEX "messages_queued_idx" ON "messages" ("created_at") INCLUDE ("last_gateway_id", "sender_domain", "next_attempt_at", "attempts") WHERE "status" = 'QUEUED';

-- Room on each page for the claim's new row versions (new pages only). A claim takes consecutive messages, i.e. every
-- row of a page at once, and a version it replaces is not dead (prunable) before the claim commits, so a page needs
-- room for a second copy of each of its rows: half of it. Measured (bench/RESULTS.md run 15, drain of 10,000 × 2 KB):
-- fillfactor 75 made only some claims heap-only (WAL per message 3,930 → 3,240 bytes), 50 made them all heap-only
-- (2,070 bytes; PostgreSQL CPU per message 220 → 188 µs; drain +8–10 %); moving the body out of the row as well
-- (toast_tuple_target 128) was slower. The price is disk: the heap part of messages takes up to twice the pages (the
-- body of a message over ~2 KB is in the TOAST table, which this does not change).
ALTER TABLE "messages" SET (fillfactor = 50);
