import { z } from "zod";
import { apiErrorSchema } from "./error-body";

/** The 202 answer of POST /api/v1/messages; a retry with the same Idempotency-Key gets exactly this again. */
export const submittedMessageSchema = z.object({
  id: z.uuid().meta({ description: "Outgate's id: GET /api/v1/messages/{id}." }),
  messageId: z.string().meta({ description: "The Message-ID header, without angle brackets." }),
  status: z.literal("queued"),
  recipients: z.array(z.string()).meta({ description: "The envelope recipients, Bcc included, each once (domains in ASCII)." }),
});

/** One item's answer in a batch, in the order of the request. */
export const batchItemResultSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), message: submittedMessageSchema }),
  z.object({
    ok: z.literal(false),
    status: z.int().min(400).max(599).meta({ description: "The HTTP status this item would have had on its own; retry only 5xx." }),
    error: apiErrorSchema,
  }),
]);

/** The 202/207 answer of POST /api/v1/messages/batch. */
export const batchAnswerSchema = z.object({
  accepted: z.int().min(0),
  rejected: z.int().min(0),
  results: z.array(batchItemResultSchema),
});

const timestamp = () => z.iso.datetime();

/** The 200 answer of GET /api/v1/messages/{id}: a message's status, recipients and delivery attempts. */
/** The delivery log's outcomes (Prisma's AttemptOutcome, lower-case; lib/validation/gateway.test.ts proves it). */
export const ATTEMPT_OUTCOMES = ["delivered", "partial", "deferred", "failed", "failover", "unknown"] as const;

export const messageStatusSchema = z.object({
  id: z.uuid(),
  messageId: z.string(),
  status: z.enum(["queued", "delivered", "partially_delivered", "failed", "held", "deleted"]).meta({
    description: "held: kept in the queue by an admin (holdReason says why), never sent until released; deleted: removed by an admin, never delivered, no DSN.",
  }),
  holdReason: z.string().nullable().meta({ description: "Why an admin held the message; null unless held." }),
  from: z.string().meta({ description: "The envelope sender." }),
  subject: z.string().nullable(),
  size: z.int().min(0).meta({ description: "Bytes of the stored message." }),
  attemptCount: z.int().min(0),
  nextAttemptAt: timestamp().nullable().meta({ description: "When the next delivery attempt is due; null once the message is done." }),
  lastError: z.string().nullable(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
  completedAt: timestamp().nullable(),
  recipients: z.array(
    z.object({
      address: z.string(),
      status: z.enum(["pending", "delivered", "failed"]),
      smtpCode: z.int().nullable(),
      response: z.string().nullable().meta({ description: "The receiving server's last answer." }),
      updatedAt: timestamp(),
    }),
  ),
  attempts: z.array(
    z.object({
      id: z.string().regex(/^\d+$/),
      gateway: z.string(),
      recipients: z.array(z.string()),
      outcome: z.enum(ATTEMPT_OUTCOMES).meta({
        description: "unknown: the gateway did not answer the end of the message; it may have accepted it, so it may arrive twice.",
      }),
      smtpCode: z.int().nullable(),
      response: z.string(),
      startedAt: timestamp(),
      durationMs: z.int(),
    }),
  ),
});

export type SubmittedMessage = z.infer<typeof submittedMessageSchema>;
export type BatchItemResult = z.infer<typeof batchItemResultSchema>;
export type BatchAnswer = z.infer<typeof batchAnswerSchema>;
export type MessageStatusAnswer = z.infer<typeof messageStatusSchema>;
