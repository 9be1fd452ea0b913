import { z } from "zod";
import { toJsonSchema } from "./to-json-schema";

type Ref = { $ref: string };
/** The component names lib/http/openapi.ts registers that these paths use. */
type ComponentName = "QueueAction" | "BulkQueueAction" | "QueueActionAnswer" | "QueueActionJob" | "QueueActionCount";
type Helpers = {
  ref: (name: ComponentName) => Ref;
  json: (schema: Ref, description: string) => object;
  errorAnswer: (description: string) => object;
  internal: object;
};

/**
 * The admin queue action endpoints (issue 14, item 1) for the OpenAPI document: lib/http/admin-api/queue-action-endpoints.ts.
 * Authenticated with an admin's access token, not an API key.
 */
export function queueActionPaths({ ref, json, errorAnswer, internal }: Helpers) {
  const security = [{ adminToken: [] }];
  const unauthorized = errorAnswer("Missing, expired or unknown admin access token");
  const idParameter = (what: string) => [{ name: "id", in: "path", required: true, schema: toJsonSchema(z.uuid()), description: what }];
  const body = (name: ComponentName) => ({ required: true, content: { "application/json": { schema: ref(name) } } });
  const bodyErrors = {
    "400": errorAnswer("Invalid JSON or UTF-8, empty body"),
    "401": unauthorized,
    "413": errorAnswer("Body too large"),
    "422": errorAnswer("Invalid fields: unknown action, a move without gatewayId or to a disabled/draining gateway, both or neither of ids and filter"),
    "500": internal,
    "503": errorAnswer("Database unavailable"),
  };
  return {
    "/api/v1/admin/messages/{id}/actions": {
      post: {
        operationId: "takeQueueAction",
        tags: ["Queue actions"],
        security,
        summary: "Retry now, hold, release, delete, bounce or move one message",
        description:
          "Retry applies to queued mail; hold to queued; release to held; delete, bounce and move to queued or held. A message a worker is sending at that moment is never taken from it: the action is recorded and applied when that attempt ends (result pending).",
        parameters: idParameter("The message's id"),
        requestBody: body("QueueAction"),
        responses: { "200": json(ref("QueueActionAnswer"), "What became of the message"), ...bodyErrors, "404": errorAnswer("No such message") },
      },
    },
    "/api/v1/admin/queue-actions": {
      post: {
        operationId: "startBulkQueueAction",
        tags: ["Queue actions"],
        security,
        summary: "Start a bulk queue action over a selection (ids, at most 1,000) or a filter",
        description:
          "Runs as a job in batches of 1,000 inside the engine; messages created after it started are never touched. A selection is done when this answers; follow a filter's job at Location, cancel it with DELETE.",
        requestBody: body("BulkQueueAction"),
        responses: {
          "202": { ...json(ref("QueueActionJob"), "The job, started"), headers: { Location: { description: "/api/v1/admin/queue-actions/{id}", schema: toJsonSchema(z.string()) } } },
          ...bodyErrors,
        },
      },
    },
    "/api/v1/admin/queue-actions/count": {
      post: {
        operationId: "countBulkQueueAction",
        tags: ["Queue actions"],
        security,
        summary: "How many messages a bulk action would touch now",
        requestBody: body("BulkQueueAction"),
        responses: { "200": json(ref("QueueActionCount"), "The count"), ...bodyErrors },
      },
    },
    "/api/v1/admin/queue-actions/{id}": {
      get: {
        operationId: "getBulkQueueAction",
        tags: ["Queue actions"],
        security,
        summary: "A bulk job's progress",
        parameters: idParameter("The job's id"),
        responses: { "200": json(ref("QueueActionJob"), "The job"), "401": unauthorized, "404": errorAnswer("No such job"), "500": internal, "503": errorAnswer("Database unavailable") },
      },
      delete: {
        operationId: "cancelBulkQueueAction",
        tags: ["Queue actions"],
        security,
        summary: "Cancel a running bulk job (the batch in flight finishes)",
        parameters: idParameter("The job's id"),
        responses: { "200": json(ref("QueueActionJob"), "The job, cancelled (or as it ended)"), "401": unauthorized, "404": errorAnswer("No such job"), "500": internal, "503": errorAnswer("Database unavailable") },
      },
    },
  };
}
