-- The subject and sender trigram indexes move off the messages table into a table of their own that is written once
-- per message and never updated. A message row is rewritten at each claim and each outcome, and such an update
-- (not heap-only: it changes indexed columns) adds a new entry to every index of the table — for a GIN trigram
-- index, one entry per trigram of the subject and of the sender, twice per delivered message. Measured with both
-- indexes gone (bench/RESULTS.md run 14): PostgreSQL's CPU per drained message 225 → 200 µs, drain +9 %, end to end
-- +6 %. The search (lib/engine/queue/select-messages-by-filter.ts) matches here with EXISTS, as it does recipients.
--
-- A statement-level trigger copies each insert, whatever inserts (the API, the SMTP listener, Outgate's own DSNs):
-- one INSERT … SELECT per statement, so a batch of 100 messages costs one. A delete trigger keeps no copy of a
-- deleted message; no foreign key, whose per-row check would lock each new message's row once more. Neither column
-- is ever updated after the insert.

CREATE TABLE "message_search_texts" (
    "message_id" UUID NOT NULL,
    "subject" TEXT,
    "envelope_from" TEXT NOT NULL,

    CONSTRAINT "message_search_texts_pkey" PRIMARY KEY ("message_id")
);

INSERT INTO "message_search_texts" ("message_id", "subject", "envelope_from") SELECT "id", "subject", "envelope_from" FROM "messages";

-- As on messages before (20261203030000_message_source_statistics): 1,000 histogram entries, so the estimate of a
-- common pattern does not swing between 100 and 20,000 rows from one ANALYZE to the next.
ALTER TABLE "message_search_texts" ALTER COLUMN "subject" SET STATISTICS 1000, ALTER COLUMN "envelope_from" SET STATISTICS 1000;

CREATE INDEX "message_search_texts_subject_trgm_idx" ON "message_search_texts" USING gin ("subject" gin_trgm_ops);
CREATE INDEX "message_search_texts_envelope_from_trgm_idx" ON "message_search_texts" USING gin ("envelope_from" gin_trgm_ops);
DROP INDEX "messages_subject_trgm_idx";
DROP INDEX "messages_envelope_from_trgm_idx";

CREATE FUNCTION "copy_message_search_texts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "message_search_texts" ("message_id", "subject", "envelope_from") SELECT "id", "subject", "envelope_from" FROM "inserted";
  RETURN NULL;
END
$$;

CREATE FUNCTION "drop_message_search_texts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "message_search_texts" WHERE "message_id" IN (SELECT "id" FROM "deleted");
  RETURN NULL;
END
$$;

CREATE TRIGGER "messages_copy_search_texts" AFTER INSERT ON "messages"
  REFERENCING NEW TABLE AS "inserted" FOR EACH STATEMENT EXECUTE FUNCTION "copy_message_search_texts"();
CREATE TRIGGER "messages_drop_search_texts" AFTER DELETE ON "messages"
  REFERENCING OLD TABLE AS "deleted" FOR EACH STATEMENT EXECUTE FUNCTION "drop_message_search_texts"();
