import { enqueueMessages, type EnqueueMessageInput, type EnqueuedMessage } from "./enqueue-messages";
import { runInTransaction } from "../../platform/run-in-transaction";

/**
 * Queues one message that must go through `gatewayId` only (a test message): the usual insert, then the pin, in one
 * transaction, so no worker claims it before it is pinned (NOTIFY is delivered at commit). The sender domain need
 * not be hosted: the admin sends it, not an API client. Throws what the database throws.
 */
export async function enqueuePinnedMessage(input: EnqueueMessageInput, gatewayId: string): Promise<EnqueuedMessage> {
  return runInTransaction(async (client) => {
    const [stored] = await enqueueMessages([input], { onlyForHostedDomains: false, client });
    if (!stored) throw new Error("The test message was not stored.");
    await client.query("UPDATE messages SET pinned_gateway_id = $2::uuid WHERE id = $1::uuid", [stored.id, gatewayId]);
    return stored;
  });
}
