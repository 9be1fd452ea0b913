"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/http/admin-action";
import { cancelBulkQueueAction } from "@/lib/console/queue/cancel-bulk-queue-action";
import { countBulkQueueAction } from "@/lib/console/queue/count-bulk-queue-action";
import { getBulkQueueAction } from "@/lib/console/queue/get-bulk-queue-action";
import { startBulkQueueAction } from "@/lib/console/queue/start-bulk-queue-action";
import { listMoveTargets } from "@/lib/console/queue/list-move-targets";
import { bulkQueueActionSchema } from "@/lib/validation/queue-action";

const jobIdSchema = z.object({ jobId: z.uuid("There is no such bulk action.") });

/** How many messages the bulk action would touch (shown in its confirmation before it starts). */
export const countBulkQueueActionAction = adminAction(bulkQueueActionSchema, (values) => countBulkQueueAction(values));

/** Starts the bulk action as a job; a selection is done when this answers, a filter's job runs on (poll it). */
export const startBulkQueueActionAction = adminAction(bulkQueueActionSchema, async (values, { admin }) => {
  const started = await startBulkQueueAction({ values, actor: admin });
  revalidatePath("/messages");
  return started;
});

/** The job's progress, polled by the bulk bar. */
export const getBulkQueueActionAction = adminAction(jobIdSchema, ({ jobId }) => getBulkQueueAction(jobId));

export const cancelBulkQueueActionAction = adminAction(jobIdSchema, async ({ jobId }, { admin }) => {
  const job = await cancelBulkQueueAction({ jobId, actor: admin });
  revalidatePath("/messages");
  return job;
});

/** The gateways the Move dialog offers. */
export const listMoveTargetsAction = adminAction(z.object({}), () => listMoveTargets());

/** The bulk bar's server actions, handed from the page to the client bar as one prop. */
export type BulkQueueActions = {
  countBulkQueueActionAction: typeof countBulkQueueActionAction;
  startBulkQueueActionAction: typeof startBulkQueueActionAction;
  getBulkQueueActionAction: typeof getBulkQueueActionAction;
  cancelBulkQueueActionAction: typeof cancelBulkQueueActionAction;
  listMoveTargetsAction: typeof listMoveTargetsAction;
};
