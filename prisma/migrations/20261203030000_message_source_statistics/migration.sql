-- Substring searches (issue 14, item 4) get the plan their selectivity needs. How many rows a substring matches is
-- estimated from the column's histogram (PostgreSQL's patternsel): with the default 100 entries a pattern matching
-- 1 % of 1,000,000 rows hits 0-2 of them, so the estimate swung between 100 and 20,000 rows from one ANALYZE to the
-- next — and at 100 the newest-first page fetched and sorted every match (1.3 s for 10,000 recipients, bench
-- figure search at 1,000,000) instead of reading created_at backwards and stopping at 51. 1,000 entries put such a
-- pattern on about 10 of them. ANALYZE of messages then samples 300,000 rows instead of 30,000.
-- (A migration of its own, after 20261203030000_message_source_search: that one may already be applied.)
ALTER TABLE "message_recipients" ALTER COLUMN "address" SET STATISTICS 1000;
ALTER TABLE "messages" ALTER COLUMN "envelope_from" SET STATISTICS 1000;
ALTER TABLE "messages" ALTER COLUMN "subject" SET STATISTICS 1000;
