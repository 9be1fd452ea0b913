/** The public API described as OpenAPI 3.1, served at /api/v1/openapi.json. Kept by hand beside the schema in lib/validation/submit-message.ts. */
const mailbox = {
  oneOf: [
    { type: "string", description: '"name@example.com" or "Name <name@example.com>"' },
    { type: "object", required: ["address"], additionalProperties: false, properties: { name: { type: "string", maxLength: 200 }, address: { type: "string" } } },
  ],
};
const mailboxList = { oneOf: [mailbox, { type: "array", items: mailbox }] };
const error = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        fields: { type: "object", additionalProperties: { type: "array", items: { type: "string" } }, description: 'Keyed by path, e.g. "to.0", "attachments.1.content".' },
      },
    },
  },
};
const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0",
  info: { title: "Outgate", version: "1", description: "Submit mail for hosted domains and follow its delivery." },
  servers: [{ url: "/" }],
  security: [{ apiKey: [] }],
  paths: {
    "/api/v1/messages": {
      post: {
        summary: "Queue a message",
        parameters: [{ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 200 }, description: "Retries with the same key and body get the first answer; a different body gets 409." }],
        requestBody: { required: true, content: { "application/json": { schema: { oneOf: [{ $ref: "#/components/schemas/ComposedMessage" }, { $ref: "#/components/schemas/RawMessage" }] } } } },
        responses: {
          "202": { description: "Queued (committed)", content: { "application/json": { schema: { $ref: "#/components/schemas/Submitted" } } } },
          "400": errorResponse("Invalid JSON or UTF-8, bad Idempotency-Key"),
          "401": errorResponse("Missing, unknown or revoked API key"),
          "403": errorResponse("The key may not send for the sender domain"),
          "409": errorResponse("Idempotency-Key reused with a different body"),
          "413": errorResponse("Body or message too large"),
          "415": errorResponse("Content-Type is not application/json"),
          "422": errorResponse("Invalid fields, or the sender domain is not hosted here"),
          "503": errorResponse("Database unavailable"),
        },
      },
    },
    "/api/v1/messages/batch": {
      post: {
        summary: "Queue up to 500 messages in one request",
        description:
          "Each item is checked like a single submission and answered on its own, in order. 202: every item was committed. 207: some were refused — each result says which and why; the accepted ones are committed (retry only the items with a 5xx status). 503: nothing was committed, the database is down.",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["messages"],
                additionalProperties: false,
                properties: {
                  messages: {
                    type: "array",
                    minItems: 1,
                    maxItems: 500,
                    items: {
                      allOf: [
                        { oneOf: [{ $ref: "#/components/schemas/ComposedMessage" }, { $ref: "#/components/schemas/RawMessage" }] },
                        { properties: { idempotencyKey: { type: "string", maxLength: 200, description: "As the Idempotency-Key header, for this item." } } },
                      ],
                    },
                  },
                },
              },
            },
          },
        },
        responses: {
          "202": { description: "Every message queued (committed)", content: { "application/json": { schema: { $ref: "#/components/schemas/BatchAnswer" } } } },
          "207": { description: "Some messages refused; see each result", content: { "application/json": { schema: { $ref: "#/components/schemas/BatchAnswer" } } } },
          "400": errorResponse("Invalid JSON or UTF-8"),
          "401": errorResponse("Missing, unknown or revoked API key"),
          "413": errorResponse("Body too large (a batch may be as large as one largest message)"),
          "415": errorResponse("Content-Type is not application/json"),
          "422": errorResponse("Not a batch: `messages` missing, empty or longer than 500"),
          "503": errorResponse("Database unavailable; nothing was queued"),
        },
      },
    },
    "/api/v1/messages/{id}": {
      get: {
        summary: "A message's status, recipients and delivery attempts (only the submitting key sees it)",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
        responses: {
          "200": { description: "The message", content: { "application/json": { schema: { $ref: "#/components/schemas/MessageStatus" } } } },
          "401": errorResponse("Missing, unknown or revoked API key"),
          "404": errorResponse("No such message for this key"),
        },
      },
    },
  },
  components: {
    securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key (og_...) from the console's API Keys page." } },
    schemas: {
      Error: error,
      ComposedMessage: {
        type: "object",
        required: ["from"],
        additionalProperties: false,
        properties: {
          from: mailbox,
          to: mailboxList,
          cc: mailboxList,
          bcc: { ...mailboxList, description: "Envelope only; never in the headers." },
          replyTo: mailboxList,
          subject: { type: "string", maxLength: 998 },
          text: { type: "string" },
          html: { type: "string" },
          headers: { type: "object", additionalProperties: { type: "string" }, description: "Custom headers; structural ones (From, To, Content-Type, ...) are refused." },
          attachments: {
            type: "array",
            maxItems: 100,
            items: { type: "object", required: ["filename", "content"], additionalProperties: false, properties: { filename: { type: "string" }, content: { type: "string", contentEncoding: "base64" }, contentType: { type: "string" } } },
          },
        },
      },
      RawMessage: {
        type: "object",
        required: ["raw", "envelope"],
        additionalProperties: false,
        properties: {
          raw: { type: "string", contentEncoding: "base64", description: "A complete RFC 5322 message." },
          envelope: { type: "object", required: ["from", "to"], additionalProperties: false, properties: { from: { type: "string" }, to: { type: "array", items: { type: "string" } } } },
        },
      },
      Submitted: {
        type: "object",
        required: ["id", "messageId", "status", "recipients"],
        properties: { id: { type: "string", format: "uuid" }, messageId: { type: "string" }, status: { const: "queued" }, recipients: { type: "array", items: { type: "string" } } },
      },
      BatchAnswer: {
        type: "object",
        required: ["accepted", "rejected", "results"],
        properties: {
          accepted: { type: "integer" },
          rejected: { type: "integer" },
          results: {
            type: "array",
            items: {
              oneOf: [
                { type: "object", required: ["ok", "message"], properties: { ok: { const: true }, message: { $ref: "#/components/schemas/Submitted" } } },
                { type: "object", required: ["ok", "status", "error"], properties: { ok: { const: false }, status: { type: "integer" }, error: error.properties.error } },
              ],
            },
          },
        },
      },
      MessageStatus: {
        type: "object",
        properties: {
          id: { type: "string", format: "uuid" },
          messageId: { type: "string" },
          status: { enum: ["queued", "delivered", "partially_delivered", "failed"] },
          from: { type: "string" },
          subject: { type: ["string", "null"] },
          size: { type: "integer" },
          attemptCount: { type: "integer" },
          nextAttemptAt: { type: ["string", "null"], format: "date-time" },
          lastError: { type: ["string", "null"] },
          createdAt: { type: "string", format: "date-time" },
          updatedAt: { type: "string", format: "date-time" },
          completedAt: { type: ["string", "null"], format: "date-time" },
          recipients: {
            type: "array",
            items: { type: "object", properties: { address: { type: "string" }, status: { enum: ["pending", "delivered", "failed"] }, smtpCode: { type: ["integer", "null"] }, response: { type: ["string", "null"] }, updatedAt: { type: "string", format: "date-time" } } },
          },
          attempts: {
            type: "array",
            items: {
              type: "object",
              properties: {
                id: { type: "string" },
                gateway: { type: "string" },
                recipients: { type: "array", items: { type: "string" } },
                outcome: { enum: ["delivered", "partial", "deferred", "failed", "failover"] },
                smtpCode: { type: ["integer", "null"] },
                response: { type: "string" },
                startedAt: { type: "string", format: "date-time" },
                durationMs: { type: "integer" },
              },
            },
          },
        },
      },
    },
  },
} as const;
