import { z } from "zod";
import { errorBodySchema, apiErrorSchema } from "../validation/error-body";
import { idempotencyKeySchema } from "../validation/idempotency-key";
import { mailboxListShapeSchema, mailboxShapeSchema } from "../validation/mailbox";
import { batchMessageShapeSchema, MAX_BATCH_MESSAGES, submitBatchSchema } from "../validation/submit-batch";
import { composedMessageBodySchema, rawMessageBodySchema } from "../validation/submit-message";
import { batchAnswerSchema, batchItemResultSchema, messageStatusSchema, submittedMessageSchema } from "../validation/submission-answers";
import { bulkQueueActionSchema, messageFilterShapeSchema, queueActionAnswerSchema, queueActionCountSchema, queueActionJobSchema, queueActionSchema } from "../validation/queue-action";
import { toJsonSchemaComponents, toJsonSchema } from "./openapi/to-json-schema";
import { queueActionPaths } from "./openapi/queue-action-paths";
import { routeExplainPaths } from "./openapi/route-explain-paths";
import { routeExplanationSchema } from "../validation/route-explain";

/** The limits of this installation (lib/platform/env.ts), shown in the description. */
export type OpenApiLimits = { maxRecipients: number; maxMessageBytes: number };

/** Request bodies, as a client writes them: zod's "input" side (fields with a default are optional). */
const REQUEST_SCHEMAS = {
  Mailbox: mailboxShapeSchema,
  MailboxList: mailboxListShapeSchema,
  ComposedMessage: composedMessageBodySchema,
  RawMessage: rawMessageBodySchema,
  BatchMessage: batchMessageShapeSchema,
  BatchRequest: submitBatchSchema,
  QueueAction: queueActionSchema,
  BulkQueueAction: bulkQueueActionSchema,
  MessageFilter: messageFilterShapeSchema,
};

/** Answers, as the server sends them: the schemas the endpoints' return types are inferred from. */
const ANSWER_SCHEMAS = {
  Error: errorBodySchema,
  ErrorDetail: apiErrorSchema,
  Submitted: submittedMessageSchema,
  BatchItemResult: batchItemResultSchema,
  BatchAnswer: batchAnswerSchema,
  MessageStatus: messageStatusSchema,
  QueueActionAnswer: queueActionAnswerSchema,
  QueueActionJob: queueActionJobSchema,
  QueueActionCount: queueActionCountSchema,
  RouteExplanation: routeExplanationSchema,
};

type ComponentName = keyof typeof REQUEST_SCHEMAS | keyof typeof ANSWER_SCHEMAS;

const ref = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: ReturnType<typeof ref>, description: string) => ({ description, content: { "application/json": { schema } } });
const errorAnswer = (description: string) => json(ref("Error"), description);

const UNAUTHORIZED = {
  ...errorAnswer("Missing, unknown or revoked API key"),
  headers: { "WWW-Authenticate": { description: 'Bearer realm="outgate" (RFC 6750 §3)', schema: toJsonSchema(z.string()) } },
};
const INTERNAL = errorAnswer("Unexpected error (logged on the server)");

/**
 * The public API as an OpenAPI 3.1 document, served at GET /api/v1/openapi.json. Every body and answer schema is
 * generated from the zod schemas in lib/validation that the endpoints parse with or type their answers by; this file
 * only says which schema goes where. The installation's limits appear in the descriptions.
 */
export function buildOpenApiDocument({ maxRecipients, maxMessageBytes }: OpenApiLimits) {
  const messageLimits = `A message has at most ${maxRecipients} distinct recipients (to, cc and bcc together, or envelope.to) and at most ${maxMessageBytes} bytes once composed.`;
  return {
    openapi: "3.1.0",
    info: { title: "Outgate", version: "1", description: "Submit mail for hosted domains and follow its delivery." },
    servers: [{ url: "/" }],
    security: [{ apiKey: [] }],
    tags: [
      { name: "Messages", description: "Queue mail and follow its delivery." },
      { name: "Queue actions", description: "Admins: retry, hold, release, delete, bounce or move queued mail, one message or in bulk." },
      { name: "Routing", description: "Admins: why a sender's mail takes the gateway it takes." },
    ],
    paths: {
      "/api/v1/messages": {
        post: {
          operationId: "submitMessage",
          tags: ["Messages"],
          summary: "Queue a message",
          description: `A body with \`raw\` is a ready RFC 5322 message with an explicit envelope; any other body is composed from its fields. ${messageLimits}`,
          parameters: [{ name: "Idempotency-Key", in: "header", required: false, schema: toJsonSchema(idempotencyKeySchema), description: idempotencyKeySchema.description }],
          requestBody: { required: true, content: { "application/json": { schema: { oneOf: [ref("ComposedMessage"), ref("RawMessage")] } } } },
          responses: {
            "202": {
              ...json(ref("Submitted"), "Queued (committed)"),
              headers: { Location: { description: "/api/v1/messages/{id}", schema: toJsonSchema(z.string()) } },
            },
            "400": errorAnswer("Invalid JSON or UTF-8, empty body, bad Idempotency-Key"),
            "401": UNAUTHORIZED,
            "403": errorAnswer("The key may not send for the sender domain"),
            "409": errorAnswer("Idempotency-Key reused with a different body"),
            "413": errorAnswer(`Body or message too large (a message may have ${maxMessageBytes} bytes)`),
            "415": errorAnswer("Content-Type is not application/json"),
            "422": errorAnswer("Invalid fields, or the sender domain is not hosted here"),
            "429": {
              ...errorAnswer("The sender domain's sending limit (action Reject) or the key's limit is reached for this hour or day"),
              headers: { "Retry-After": { description: "Seconds until the full window ends (RFC 9110 §10.2.3)", schema: toJsonSchema(z.string()) } },
            },
            "500": INTERNAL,
            "503": errorAnswer("Database unavailable"),
          },
        },
      },
      "/api/v1/messages/batch": {
        post: {
          operationId: "submitMessages",
          tags: ["Messages"],
          summary: `Queue up to ${MAX_BATCH_MESSAGES} messages in one request`,
          description: `Each item is checked like a single submission and answered on its own, in order. 202: every item was committed. 207: some were refused — each result says which and why (status 429: a sending limit is reached, retry that item later); the accepted ones are committed (retry only the items with a 5xx status). 503: nothing was committed, the database is down. ${messageLimits}`,
          requestBody: { required: true, content: { "application/json": { schema: ref("BatchRequest") } } },
          responses: {
            "202": json(ref("BatchAnswer"), "Every message queued (committed)"),
            "207": json(ref("BatchAnswer"), "Some messages refused; see each result"),
            "400": errorAnswer("Invalid JSON or UTF-8, empty body"),
            "401": UNAUTHORIZED,
            "413": errorAnswer(`Body too large (a batch may be as large as one largest message, ${maxMessageBytes} bytes)`),
            "415": errorAnswer("Content-Type is not application/json"),
            "422": errorAnswer(`Not a batch: \`messages\` missing, empty or longer than ${MAX_BATCH_MESSAGES}`),
            "500": INTERNAL,
            "503": errorAnswer("Database unavailable; nothing was queued"),
          },
        },
      },
      "/api/v1/messages/{id}": {
        get: {
          operationId: "getMessage",
          tags: ["Messages"],
          summary: "A message's status, recipients and delivery attempts (only the submitting key sees it)",
          parameters: [{ name: "id", in: "path", required: true, schema: toJsonSchema(z.uuid()) }],
          responses: {
            "200": json(ref("MessageStatus"), "The message"),
            "401": UNAUTHORIZED,
            "404": errorAnswer("No such message for this key"),
            "500": INTERNAL,
            "503": errorAnswer("Database unavailable"),
          },
        },
      },
      ...queueActionPaths({ ref, json, errorAnswer, internal: INTERNAL }),
      ...routeExplainPaths({ ref, json, errorAnswer, internal: INTERNAL }),
    },
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key (og_...) from the console's API Keys page." },
        adminToken: { type: "http", scheme: "bearer", description: "An admin's access token from POST /api/v1/auth/authenticate-user (the SmarterMail-compatible sign-in)." },
      },
      schemas: { ...toJsonSchemaComponents(REQUEST_SCHEMAS, "input"), ...toJsonSchemaComponents(ANSWER_SCHEMAS, "output") },
    },
  };
}
