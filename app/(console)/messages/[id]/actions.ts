"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/http/admin-action";
import { takeQueueAction } from "@/lib/console/queue/take-queue-action";
import { queueActionSchema } from "@/lib/validation/queue-action";

/** Retry now, Hold, Release, Delete, Bounce now or Move to gateway on one message (the detail page's buttons). */
export const takeQueueActionAction = adminAction(z.object({ id: z.uuid("There is no such message."), request: queueActionSchema }), async ({ id, request }, { admin }) => {
  const answer = await takeQueueAction({ id, values: request, actor: admin });
  revalidatePath(`/messages/${id}`);
  revalidatePath("/messages");
  return answer;
});
