-- A message that must go through one gateway only (issue 13: "Send test message"): routing takes that gateway
-- and no other. Deleting the gateway un-pins the message, which is then routed like any other.

-- AlterTable
ALTER TABLE "messages" ADD COLUMN "pinned_gateway_id" UUID;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_pinned_gateway_id_fkey" FOREIGN KEY ("pinned_gateway_id") REFERENCES "gateways"("id") ON DELETE SET NULL ON UPDATE CASCADE;
