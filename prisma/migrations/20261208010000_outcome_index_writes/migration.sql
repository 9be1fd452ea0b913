-- The outcome of a delivery writes fewer index entries (bench/RESULTS.md run 18).

-- A recipient's outcome (status, SMTP code and answer) is a heap-only update only while its page has room for the new
-- row version. The outcome settles every recipient of a claimed batch at once, i.e. every row of a page, and a version
-- it replaces is not dead (prunable) before the statement commits, so a page needs room for a second copy of each of
-- its rows — a longer one, since the SMTP code and answer are added: 40 % rows, 60 % room (the claim on messages keeps
-- half, 20261206010000_messages_lease_until). With 70, 44 % of the outcomes in an SMTP bench run left their page and
-- wrote a new entry into each index of the table, the address trigram index (GIN) among them; with 50 a quarter still
-- did (test/queue/recipient-hot-update.test.ts). The price is disk: the table's heap takes up to 2.5 times the pages
-- it would at fillfactor 100. New pages only; older ones are as they were.
ALTER TABLE "message_recipients" SET (fillfactor = 40);

-- The claim's index holds waiting messages only. Every query that reads it asks for status QUEUED or HELD (the claim,
-- messages in flight, re-routing waiting mail, the spool counts), but it also got an entry for each delivered and
-- failed message, written by the outcome's update (which cannot be heap-only: it changes status). Same name, same
-- columns, so the claim's plan is the same.
DROP INDEX "messages_status_next_attempt_at_idx";
CREATE INDEX "messages_status_next_attempt_at_idx" ON "messages" ("status", "next_attempt_at") WHERE "status" IN ('QUEUED', 'HELD');
