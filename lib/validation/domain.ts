import { z } from "zod";
import { toAsciiHostname } from "./hostname";
import { optionalRateLimit } from "./gateway";

/** What a domain's sending limit does when reached (issue 15; SmarterMail's "Outgoing messages per hour" action). */
export const SENDING_LIMIT_ACTIONS = ["DELAY", "REJECT"] as const;
export type SendingLimitActionValue = (typeof SENDING_LIMIT_ACTIONS)[number];

/** The select's value for "Round robin (default)": no gateway of its own. */
export const ROUND_ROBIN_VALUE = "";

/**
 * A hosted domain's name: DNS label rules (RFC 1035 / RFC 1123), at least two labels, internationalised
 * names converted to punycode (RFC 5891) and lower-cased, so the stored form is the one SMTP uses.
 */
export const domainNameSchema = z
  .string()
  .trim()
  .min(1, "Enter the domain name.")
  .max(300, "That domain name is too long.")
  .transform((value, ctx) => {
    const ascii = toAsciiHostname(value, { requireDot: true });
    if (!ascii) {
      ctx.addIssue({ code: "custom", message: "Enter a valid domain name, such as example.com." });
      return z.NEVER;
    }
    return ascii;
  });

/** "" or null (from the form or the API) means round robin; anything else must be a gateway id. */
export const domainGatewayIdSchema = z
  .string()
  .nullish()
  .transform((value) => value?.trim() || null)
  .pipe(z.uuid("Choose an outbound gateway from the list.").nullable());

/** The domain setup form, the edit form and the server actions all parse with this one schema. */
export const domainInputSchema = z.object({
  name: domainNameSchema,
  gatewayId: domainGatewayIdSchema,
  /**
   * When the domain's own gateway fails: false = keep the mail queued and retry that gateway, true = fall over
   * to the round-robin gateways. Left out, a new domain takes the Failover tab's default.
   */
  failoverToRoundRobin: z.boolean().optional(),
  /** Outgoing messages per hour / per day (blank = no limit; absent keeps the stored value). */
  perHourLimit: optionalRateLimit("hour"),
  perDayLimit: optionalRateLimit("day"),
  /** Delay: accept and hold the mail until the window has room. Reject: the API answers 429 with Retry-After. */
  limitAction: z.enum(SENDING_LIMIT_ACTIONS, { error: "Choose Delay or Reject." }).optional(),
});
/** What the form holds (gatewayId "" = round robin). */
export type DomainInput = z.input<typeof domainInputSchema>;
/** What the server works with: ASCII lower-case name, gatewayId null = round robin. */
export type DomainValues = z.output<typeof domainInputSchema>;
