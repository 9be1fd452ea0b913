import { z } from "zod";

/**
 * An Idempotency-Key as the API documents it (the header of POST /api/v1/messages, `idempotencyKey` of a batch
 * item): 1 to 200 printable ASCII characters. lib/submission/submit-message.ts checks it (after trimming spaces).
 */
export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x20-\x7e]+$/)
  .meta({ description: "Retries with the same key and body get the first answer again; the same key with a different body gets 409." });
