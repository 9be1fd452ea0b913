import { z } from "zod";

/** Every error code an answer may carry; each has one HTTP status (lib/platform/errors.ts). */
export const errorCodeSchema = z.enum([
  "bad_request",
  "validation_failed",
  "unauthorized",
  "forbidden",
  "not_found",
  "method_not_allowed",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "unprocessable",
  "rate_limited",
  "unavailable",
  "internal",
]);

/** What went wrong: a code to branch on, a sentence to show, and for invalid input the messages per field. */
export const apiErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string().meta({ description: "A sentence safe to show to a person." }),
  fields: z
    .record(z.string(), z.array(z.string()))
    .optional()
    .meta({ description: 'Messages per field path, e.g. "to.0", "attachments.1.content", "envelope.from"; "_" for the whole body.' }),
});

/** The body of every error answer of the API: `{ error: { code, message, fields? } }`. */
export const errorBodySchema = z.object({ error: apiErrorSchema });

export type ApiError = z.infer<typeof apiErrorSchema>;
export type ErrorBody = z.infer<typeof errorBodySchema>;
