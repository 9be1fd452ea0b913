import { getDb } from "../../platform/db";
import { createQueueActionJob } from "../../engine/queue/actions/create-queue-action-job";
import { runQueueActionJob } from "../../engine/queue/actions/run-queue-action-job";
import { toMessageFilterSearchParams } from "../../validation/message-filter";
import type { BulkQueueActionValues } from "../../validation/queue-action";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { assertMoveTarget } from "./assert-move-target";

/**
 * Starts a bulk queue action as a job (queue_action_jobs) and answers its id and total at once; the queue action
 * runner of any process runs it (progress: readQueueActionJob). A selection (at most 1,000 ids) is run here before
 * answering, so the admin sees it done. Audited as queue.bulk_<action> with the filter or the selection's size.
 */
export async function startBulkQueueAction({ values, actor }: { values: BulkQueueActionValues; actor: AuditActor & { email: string } }): Promise<{ jobId: string; total: number }> {
  const gateway = values.action === "move" ? await assertMoveTarget(values.gatewayId) : null;
  const request = { action: values.action, reason: values.reason ?? null, gatewayId: values.gatewayId ?? null, actor: actor.email };
  const job = await createQueueActionJob(request, values.ids ? { ids: values.ids } : { filter: values.filter ?? {} });
  if (values.ids) await runQueueActionJob({ id: job.id });
  await recordAudit(getDb(), {
    actor,
    action: `queue.bulk_${values.action}`,
    target: { type: "queue", id: job.id, label: values.ids ? `${values.ids.length} selected messages` : "messages matching a filter" },
    detail: {
      total: job.total,
      ...(values.filter ? { filter: Object.fromEntries(toMessageFilterSearchParams(values.filter)) } : { selected: values.ids?.length ?? 0 }),
      ...(values.reason ? { reason: values.reason } : {}),
      ...(gateway ? { gateway: gateway.description } : {}),
    },
  });
  return { jobId: job.id, total: job.total };
}
