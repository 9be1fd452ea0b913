import type { z } from "zod";

const shapes = new WeakMap<object, z.ZodType>();

/**
 * Records what a hand-parsed field accepts, for the API description, and returns the field's schema unchanged. A
 * few fields are parsed by a function rather than by zod's own types — mailboxes, so their errors read well
 * ("to.2": "… is not a valid email address"), and batch items, so each is checked and answered on its own — and
 * JSON Schema would show them as `{}` (anything); lib/http/openapi.ts shows the shape in their place. The shape only
 * describes: parsing still goes through the field's own schema, and test/api/openapi-contract.test.ts sends real
 * requests that both must accept.
 */
export function documentAcceptedShape<T extends z.ZodType>(schema: T, shape: z.ZodType): T {
  shapes.set(schema, shape);
  return schema;
}

/** The shape recorded for `schema` by documentAcceptedShape, if any. */
export function getAcceptedShape(schema: object): z.ZodType | undefined {
  return shapes.get(schema);
}
