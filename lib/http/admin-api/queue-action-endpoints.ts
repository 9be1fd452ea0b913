import { cancelBulkQueueAction } from "../../console/queue/cancel-bulk-queue-action";
import { countBulkQueueAction } from "../../console/queue/count-bulk-queue-action";
import { getBulkQueueAction } from "../../console/queue/get-bulk-queue-action";
import { startBulkQueueAction } from "../../console/queue/start-bulk-queue-action";
import { takeQueueAction } from "../../console/queue/take-queue-action";
import { AppError } from "../../platform/errors";
import { bulkQueueActionSchema, queueActionSchema } from "../../validation/queue-action";
import { isUuid } from "../../validation/uuid";
import { adminApiRoute } from "./admin-api-route";
import { fromFetchRequest } from "../api-request";
import { readJsonBody } from "../read-json-body";

/** A queue action body is small: an action, a reason, at most 1,000 ids or a filter. */
const MAX_BODY_BYTES = 128 * 1024;

const readBody = (request: Request) => readJsonBody(fromFetchRequest(request), { maxBytes: MAX_BODY_BYTES });

/** POST /api/v1/admin/messages/{id}/actions: one action on one message; 200 { result, status }; 404, 422. */
export const answerMessageAction = adminApiRoute<{ id: string }>(async (request, { admin, params }) => {
  if (!isUuid(params.id)) throw new AppError("not_found", "There is no such message.");
  const values = queueActionSchema.parse(await readBody(request));
  return Response.json(await takeQueueAction({ id: params.id.toLowerCase(), values, actor: admin }));
});

/** POST /api/v1/admin/queue-actions: starts a bulk action; 202 with the job (done already for a selection). */
export const answerStartBulkAction = adminApiRoute(async (request, { admin }) => {
  const values = bulkQueueActionSchema.parse(await readBody(request));
  const { jobId } = await startBulkQueueAction({ values, actor: admin });
  return Response.json(await getBulkQueueAction(jobId), { status: 202, headers: { Location: `/api/v1/admin/queue-actions/${jobId}` } });
});

/** POST /api/v1/admin/queue-actions/count: how many messages the bulk action would touch now. */
export const answerCountBulkAction = adminApiRoute(async (request) => {
  const values = bulkQueueActionSchema.parse(await readBody(request));
  return Response.json({ total: await countBulkQueueAction(values) });
});

/** GET /api/v1/admin/queue-actions/{id}: a job's progress. */
export const answerBulkAction = adminApiRoute<{ id: string }>(async (_request, { params }) => Response.json(await getBulkQueueAction(params.id)));

/** DELETE /api/v1/admin/queue-actions/{id}: cancels a running job; answers its state. */
export const answerCancelBulkAction = adminApiRoute<{ id: string }>(async (_request, { admin, params }) => {
  await getBulkQueueAction(params.id);
  return Response.json(await cancelBulkQueueAction({ jobId: params.id, actor: admin }));
});
