-- A DSN and the message it reports on link to each other (issue 14, item 5): the DSN names its original, set when
-- the DSN is queued (lib/engine/queue/prepare-bounce.ts); the original finds its DSNs through the index. Deleting
-- the original keeps the DSN (SET NULL): it was sent and is part of the record.

-- AlterTable
ALTER TABLE "messages" ADD COLUMN "bounce_of_id" UUID;

-- CreateIndex
CREATE INDEX "messages_bounce_of_id_idx" ON "messages"("bounce_of_id");

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_bounce_of_id_fkey" FOREIGN KEY ("bounce_of_id") REFERENCES "messages"("id") ON DELETE SET NULL ON UPDATE CASCADE;
