-- An SMTP client's retry is now looked up by Message-ID alone, through messages_message_id_idx (enqueue-messages.ts:
-- any index that also has the credential let a generic plan read every message the credential sent, bench/RESULTS.md
-- run 17). This index served only that lookup; dropped, every SMTP message costs one index entry less.
DROP INDEX "messages_smtp_message_id_idx";
