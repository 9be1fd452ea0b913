import { z } from "zod";
import { documentAcceptedShape } from "./accepted-shape";
import { idempotencyKeySchema } from "./idempotency-key";
import { composedMessageBodySchema, rawMessageBodySchema } from "./submit-message";

/** Messages per batch request; each is validated, composed and committed like a single submission. */
export const MAX_BATCH_MESSAGES = 500;

/** What one batch item accepts, for the API description: a message as POST /api/v1/messages takes it, plus its key. */
export const batchMessageShapeSchema = z
  .union([
    composedMessageBodySchema.extend({ idempotencyKey: idempotencyKeySchema.optional() }),
    rawMessageBodySchema.extend({ idempotencyKey: idempotencyKeySchema.optional() }),
  ])
  .meta({ description: "A message as POST /api/v1/messages takes it, with its own optional idempotencyKey." });

/**
 * The envelope of POST /api/v1/messages/batch. Each item is a message as POST /api/v1/messages takes it, plus an
 * optional `idempotencyKey`; items are validated one by one (submitMessageSchema), so one bad item is reported on
 * its own and the others are still queued.
 */
export const submitBatchSchema = z.strictObject(
  {
    messages: z
      .array(documentAcceptedShape(z.unknown(), batchMessageShapeSchema), 'Give the messages as a list: { "messages": [ ... ] }.')
      .min(1, "Give at least one message.")
      .max(MAX_BATCH_MESSAGES, `A batch holds at most ${MAX_BATCH_MESSAGES} messages; split it.`),
  },
  'The body must be a JSON object: { "messages": [ ... ] }.',
);

export type SubmitBatchValues = z.infer<typeof submitBatchSchema>;
