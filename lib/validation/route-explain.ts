import { z } from "zod";
import { mailboxAddressSchema } from "./mailbox";

/**
 * "Why this gateway?" (issue 15, item 4): the console form (GET, so an explanation is a link) and
 * GET /api/v1/admin/route-explain take the same fields. The recipient is optional: routing goes by the sender's
 * domain, so it is shown for the record only.
 */
export const routeExplainQuerySchema = z.object({
  sender: mailboxAddressSchema,
  recipient: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return null;
      const parsed = mailboxAddressSchema.safeParse(value);
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", message: parsed.error.issues[0]?.message ?? "Enter an email address." });
        return z.NEVER;
      }
      return parsed.data;
    }),
});

export type RouteExplainQuery = z.output<typeof routeExplainQuerySchema>;

/** One step of an explanation: what was looked at, what it found, and whether it let the mail through. */
export const routeStepSchema = z.object({
  topic: z.enum(["domain", "route", "gateway", "limit", "rule", "recipient", "result"]),
  /** ok: passes; skip: this gateway is passed over; wait: the mail is held; refuse: Outgate refuses the mail at submission; info: for the record. */
  verdict: z.enum(["ok", "skip", "wait", "refuse", "info"]),
  gatewayId: z.string().nullable(),
  text: z.string(),
});

const gatewayRefSchema = z.object({ id: z.string(), description: z.string() });

export const routeExplanationSchema = z.object({
  sender: z.string(),
  senderDomain: z.string(),
  recipient: z.string().nullable(),
  steps: z.array(routeStepSchema),
  /** The gateway the next message would take; null when it would wait or is refused, or only gateways in cool-down are left. */
  gateway: gatewayRefSchema.nullable(),
  /**
   * The gateways it would go on to, in order, if that one failed as a whole. With `gateway` null: the gateways in
   * cool-down the drain would still try as the last resort (else empty).
   */
  fallbacks: z.array(gatewayRefSchema),
  summary: z.string(),
});

export type RouteStep = z.infer<typeof routeStepSchema>;
export type RouteExplanation = z.infer<typeof routeExplanationSchema>;
