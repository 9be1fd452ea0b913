import { z } from "zod";

/**
 * A UUID as text: 32 hex digits in groups of 8-4-4-4-12 (RFC 9562 §4), either case. Only the shape PostgreSQL's uuid
 * type reads, so an id checked with it never makes a query fail; unlike z.uuid() it does not check the version and
 * variant bits (a hand-written id that PostgreSQL would store is still only "not found").
 */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** A UUID form or body field: trimmed, checked, lowercased as the database writes ids. */
export const uuidField = (missingMessage: string, wrongShapeMessage = missingMessage) =>
  z
    .string(missingMessage)
    .trim()
    .regex(UUID_PATTERN, wrongShapeMessage)
    .transform((value) => value.toLowerCase());
