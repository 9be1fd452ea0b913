"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/http/admin-action";
import { createGateway } from "@/lib/console/gateways/create-gateway";
import { deleteGateway } from "@/lib/console/gateways/delete-gateway";
import { setGatewayEnabled } from "@/lib/console/gateways/set-gateway-enabled";
import { testSmarterMailConnection } from "@/lib/console/gateways/test-smartermail-connection";
import { testGatewayConnection, testStoredGatewayConnection } from "@/lib/console/gateways/test-gateway-connection";
import { gatewayTestSchema, sendTestMessageSchema, storedGatewayTestSchema } from "@/lib/validation/gateway-test";
import { sendTestMessage } from "@/lib/console/gateways/send-test-message";
import { updateGateway } from "@/lib/console/gateways/update-gateway";
import { gatewayInputSchema, gatewayStatusSchema, gatewayUpdateSchema } from "@/lib/validation/gateway";
import { setGatewayStatus } from "@/lib/console/gateways/set-gateway-status";
import { smartermailTestSchema } from "@/lib/validation/smartermail-test";

export const createGatewayAction = adminAction(gatewayInputSchema, async (values, { admin }) => {
  const gateway = await createGateway({ values, actor: admin });
  revalidatePath("/gateways");
  return gateway;
});

export const updateGatewayAction = adminAction(gatewayUpdateSchema, async ({ id, ...values }, { admin }) => {
  const gateway = await updateGateway({ id, values, actor: admin });
  revalidatePath("/gateways");
  return gateway;
});

export const setGatewayEnabledAction = adminAction(z.object({ id: z.uuid(), enabled: z.boolean() }), async (input, { admin }) => {
  const result = await setGatewayEnabled({ ...input, actor: admin });
  revalidatePath("/gateways");
  return result;
});

/** Status from the grid: Enabled, Draining (issue 14: no new mail, its waiting mail re-routed at once) or Disabled. */
export const setGatewayStatusAction = adminAction(gatewayStatusSchema, async (input, { admin }) => {
  const result = await setGatewayStatus({ ...input, actor: admin });
  revalidatePath("/gateways");
  return result;
});

export const deleteGatewayAction = adminAction(
  z.object({ id: z.uuid(), reassignDomainsToRoundRobin: z.boolean().optional().default(false) }),
  async (input, { admin }) => {
    const result = await deleteGateway({ ...input, actor: admin });
    revalidatePath("/gateways");
    // Domains moved to round robin: their pages show a different gateway now.
    if (result.reassignedDomains.length > 0) revalidatePath("/domains");
    return result;
  },
);

/** Test connection in the form: logs in to SmarterMail and reads the spool; a blank password uses the stored one. */
export const testSmarterMailConnectionAction = adminAction(smartermailTestSchema, (input) => testSmarterMailConnection(input));

/** Test connection in the form: an SMTP session with the typed values up to RCPT TO, then RSET; a blank password uses the stored one. */
export const testGatewayConnectionAction = adminAction(gatewayTestSchema, ({ gatewayId, testAddress, ...values }, { admin }) =>
  testGatewayConnection({ values, gatewayId, testAddress, adminEmail: admin.email }),
);

/** Test connection from the grid: the stored gateway as it is. */
export const testStoredGatewayConnectionAction = adminAction(storedGatewayTestSchema, ({ id, testAddress }, { admin }) =>
  testStoredGatewayConnection({ id, testAddress, adminEmail: admin.email }),
);

/** Send test message: queued like any mail (it shows in Messages), through this gateway only. */
export const sendTestMessageAction = adminAction(sendTestMessageSchema, async ({ id, testAddress }, { admin }) => {
  const sent = await sendTestMessage({ id, to: testAddress || admin.email, adminEmail: admin.email });
  revalidatePath("/messages");
  return sent;
});
