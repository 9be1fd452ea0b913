-- A recipient's row is written twice: queued, then its outcome (status, SMTP code and answer; none of them indexed).
-- With full pages (fillfactor 100) the outcome could not stay on its page, so every outcome wrote a new entry into
-- each of the table's indexes, the address trigram index (GIN) among them. With room left on each page the outcome
-- is a heap-only-tuple update that writes no index at all (PostgreSQL's storage/heap/README.HOT). Only pages written
-- from now on keep the room; older ones are as they were.
ALTER TABLE "message_recipients" SET (fillfactor = 70);
