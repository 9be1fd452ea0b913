"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/http/admin-action";
import { updateDeliverySettings } from "@/lib/console/settings/update-delivery-settings";
import { deliverySettingsInputSchema, toDeliverySettingsInput } from "@/lib/validation/delivery-settings";

export const updateDeliverySettingsAction = adminAction(deliverySettingsInputSchema, async (input, { admin }) => {
  const saved = await updateDeliverySettings(input, admin);
  revalidatePath("/gateways/failover");
  // Echo the normalised text ("300" → "5m") so the form shows what is stored.
  return toDeliverySettingsInput(saved);
});
