import { z } from "zod";
import { gatewayConnectionSchema } from "./gateway";
import { mailboxAddressSchema } from "./mailbox";

/** The test recipient: blank means the signed-in admin's own address. */
const testAddressSchema = z
  .string()
  .max(256, "Use at most 256 characters.")
  .optional()
  .default("")
  .transform((value) => value.trim())
  .pipe(z.union([z.literal(""), mailboxAddressSchema]));

/**
 * Test connection with the values typed in the gateway form (issue 13): the connection's fields only (a description,
 * type or status is not needed to test), plus the gateway being edited (whose stored password a blank field keeps, see
 * secret-destination.ts) and a test recipient. The form checks it before asking the server, the action again.
 */
export const gatewayTestSchema = gatewayConnectionSchema.and(z.object({ gatewayId: z.uuid("Unknown gateway.").optional(), testAddress: testAddressSchema }));
export type GatewayTestInput = z.input<typeof gatewayTestSchema>;

/** Test connection from the grid: the stored gateway as it is. */
export const storedGatewayTestSchema = z.object({ id: z.uuid("Unknown gateway."), testAddress: testAddressSchema });

/** Send test message: through gateway `id` only, to `testAddress` (blank: the signed-in admin). */
export const sendTestMessageSchema = z.object({ id: z.uuid("Unknown gateway."), testAddress: testAddressSchema });
export type SendTestMessageInput = z.input<typeof sendTestMessageSchema>;
