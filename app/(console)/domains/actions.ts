"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/http/admin-action";
import { createDomain } from "@/lib/console/domains/create-domain";
import { deleteDomain } from "@/lib/console/domains/delete-domain";
import { updateDomain } from "@/lib/console/domains/update-domain";
import { domainInputSchema } from "@/lib/validation/domain";

/** The gateways grid counts domains per gateway, so both pages change with every domain change. */
function revalidateDomainPages(): void {
  revalidatePath("/domains");
  revalidatePath("/gateways");
}

export const createDomainAction = adminAction(domainInputSchema, async (values, { admin }) => {
  const domain = await createDomain(values, admin);
  revalidateDomainPages();
  return { id: domain.id, name: domain.name };
});

export const updateDomainAction = adminAction(domainInputSchema.extend({ id: z.uuid() }), async (values, { admin }) => {
  const domain = await updateDomain(values, admin);
  revalidateDomainPages();
  return { id: domain.id, name: domain.name };
});

export const deleteDomainAction = adminAction(z.object({ id: z.uuid() }), async ({ id }, { admin }) => {
  await deleteDomain({ id, actor: admin });
  revalidateDomainPages();
  return null;
});
