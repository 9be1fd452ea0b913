import { countQueueActionTargets } from "../../engine/queue/actions/count-queue-action-targets";
import type { BulkQueueActionValues } from "../../validation/queue-action";

/** How many messages a bulk action would touch now (the confirmation's number). */
export async function countBulkQueueAction(values: Pick<BulkQueueActionValues, "action" | "ids" | "filter">): Promise<number> {
  return countQueueActionTargets(values.action, values.ids ? { ids: values.ids } : { filter: values.filter ?? {} });
}
