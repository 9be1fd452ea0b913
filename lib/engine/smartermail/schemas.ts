import { z } from "zod";

// SmarterMail adds fields between versions, so every object is loose: we name only what we read.
// Cosmetic fields `.catch(undefined)` so an odd value there never fails a login.

/** Answer of POST api/v1/auth/authenticate-user when the credentials are accepted. */
export const authenticateSuccessSchema = z.looseObject({
  success: z.literal(true),
  accessToken: z.string().min(1),
  accessTokenExpiration: z.string().nullish().catch(undefined),
  emailAddress: z.string().nullish().catch(undefined),
  changePasswordNeeded: z.boolean().nullish().catch(undefined),
});

/** Answer of the same call when they are not (HTTP 200 or 400, depending on the version). */
export const authenticateFailureSchema = z.looseObject({
  success: z.literal(false),
  message: z.string().nullish().catch(undefined),
  resultCode: z.unknown().optional(),
});

export const authenticateAnswerSchema = z.discriminatedUnion("success", [
  authenticateSuccessSchema,
  authenticateFailureSchema,
]);
export type AuthenticateAnswer = z.infer<typeof authenticateAnswerSchema>;

/** Answer of GET api/v1/settings/sysadmin/spool-message-counts. */
export const spoolCountsAnswerSchema = z.looseObject({
  success: z.boolean().optional(),
  message: z.string().nullish().catch(undefined),
  counts: z.looseObject({
    default: z.number().int().nonnegative(),
    waiting: z.number().int().nonnegative(),
  }),
});
export type SpoolCountsAnswer = z.infer<typeof spoolCountsAnswerSchema>;
