import { z } from "zod";
import { optionalRateLimit } from "./gateway";

/**
 * react-hook-form gives a checkbox group as string[], a lone checkbox as its value or false; the action
 * gets an array. All of them become a list of domain ids.
 */
export const domainIdsSchema = z.preprocess(
  (value) => (value === undefined || value === null || value === false ? [] : Array.isArray(value) ? value : [value]),
  z.array(z.uuid("Choose domains from the list.")).max(1000, "Choose at most 1000 domains."),
);

/** The New API key form and its server action parse with this one schema. Empty domainIds = all hosted domains. */
export const apiKeyInputSchema = z.object({
  name: z.string().trim().min(1, "Enter a name for the key.").max(100, "Use at most 100 characters."),
  domainIds: domainIdsSchema,
  /** Messages per hour / per day the key may submit (issue 15); blank = no limit. Over it the API answers 429. */
  perHourLimit: optionalRateLimit("hour"),
  perDayLimit: optionalRateLimit("day"),
});
export type ApiKeyInput = z.input<typeof apiKeyInputSchema>;
export type ApiKeyValues = z.output<typeof apiKeyInputSchema>;
