import { z } from "zod";
import { documentAcceptedShape } from "./accepted-shape";
import { MESSAGE_FILTER_STATUSES, MESSAGE_ID_MATCHES, MESSAGE_SOURCES, messageFilterSchema, type MessageFilterStatus } from "./message-filter";
import { uuidField } from "./uuid";

/** The queue actions an admin can take on a message (issue 14, item 1). */
export const QUEUE_ACTIONS = ["retry", "hold", "release", "delete", "bounce", "move"] as const;
export type QueueActionName = (typeof QUEUE_ACTIONS)[number];

/**
 * The statuses each action applies to; any other message is left alone (counted as skipped). Retry is for QUEUED
 * mail only: a hold is a deliberate decision that a bulk "retry everything" must not undo — Release does that
 * (and makes the message due at once). Move and Delete and Bounce take held mail too.
 */
export const QUEUE_ACTION_STATUSES: Record<QueueActionName, readonly MessageFilterStatus[]> = {
  retry: ["QUEUED"],
  hold: ["QUEUED"],
  release: ["HELD"],
  delete: ["QUEUED", "HELD"],
  bounce: ["QUEUED", "HELD"],
  move: ["QUEUED", "HELD"],
};

/** Button labels and the verbs of confirmations and toasts, shared by the detail page and the bulk bar. */
export const QUEUE_ACTION_LABELS: Record<QueueActionName, string> = {
  retry: "Retry now",
  hold: "Hold",
  release: "Release",
  delete: "Delete",
  bounce: "Bounce now",
  move: "Move to gateway",
};

/** Ids per selection (a page of checkboxes); larger sets go by filter. */
export const MAX_SELECTED_MESSAGES = 1_000;
export const MAX_HOLD_REASON_LENGTH = 500;


const actionShape = {
  action: z.enum(QUEUE_ACTIONS, { error: "Choose an action: retry, hold, release, delete, bounce or move." }),
  /** Hold only: why, shown on the message. */
  reason: z
    .string("The reason must be text.")
    .trim()
    .max(MAX_HOLD_REASON_LENGTH, `The reason is at most ${MAX_HOLD_REASON_LENGTH} characters.`)
    .refine((value) => !/[\r\n]/.test(value), "The reason cannot contain line breaks.")
    .optional(),
  /** Move only: the gateway the next attempt uses; null takes the pin off (routed as usual again). */
  gatewayId: z.union([uuidField("Choose a gateway from the list."), z.null()]).optional(),
};

type ActionFields = { action: QueueActionName; gatewayId?: string | null };
const requireGatewayForMove = (value: ActionFields, ctx: z.RefinementCtx) => {
  if (value.action === "move" && value.gatewayId === undefined) ctx.addIssue({ code: "custom", path: ["gatewayId"], message: "Choose the gateway to move the mail to." });
};

/** One action on one message: the detail page and POST /api/v1/admin/messages/{id}/actions. */
export const queueActionSchema = z.strictObject(actionShape).superRefine(requireGatewayForMove);
export type QueueActionInput = z.input<typeof queueActionSchema>;
export type QueueActionValues = z.output<typeof queueActionSchema>;

/** The filter as the API description shows it (messageFilterSchema parses it; dates arrive as strings in JSON). */
export const messageFilterShapeSchema = z
  .object({
    sender: z.string().min(3).meta({ description: "Envelope sender containing this text, case-insensitive (at least 3 characters): billing@, example.com." }),
    recipient: z.string().min(3).meta({ description: "Any recipient containing this text (at least 3 characters)." }),
    subject: z.string().min(3).meta({ description: "Subject containing this text (at least 3 characters)." }),
    messageId: z.string().meta({ description: "Message-ID without angle brackets." }),
    messageIdMatch: z.enum(MESSAGE_ID_MATCHES),
    status: z.enum(MESSAGE_FILTER_STATUSES.map((status) => status.toLowerCase()) as [string, ...string[]]).meta({ description: "Any case." }),
    gatewayId: z.uuid(),
    senderDomain: z.string(),
    submittedVia: z.enum(MESSAGE_SOURCES).meta({ description: "How it arrived: the HTTP API or the SMTP listener." }),
    apiKeyId: z.uuid(),
    smtpCredentialId: z.uuid().meta({ description: "The SMTP credential (or IP relay entry) it came in with." }),
    from: z.string().meta({ description: "Created at or after: 2026-12-01, 2026-12-01T09:30 (UTC) or an ISO instant." }),
    to: z.string().meta({ description: "Created before (a bare date includes that day)." }),
  })
  .partial()
  .meta({ description: "The Messages page's filter; every field optional, combined with AND. {} is every message." });

/**
 * A bulk action: the action, then either `ids` (a selection, at most MAX_SELECTED_MESSAGES) or `filter` (the
 * Messages page's filter, lib/validation/message-filter.ts; {} is every message). Exactly one of the two.
 */
export const bulkQueueActionSchema = z
  .strictObject({
    ...actionShape,
    ids: z
      .array(uuidField("Each id must be a message id (a UUID)."), "ids must be a list of message ids.")
      .min(1, "Select at least one message.")
      .max(MAX_SELECTED_MESSAGES, `Select at most ${MAX_SELECTED_MESSAGES} messages, or act on the filter.`)
      .optional(),
    // Parsed below by messageFilterSchema (its dates cannot be described by JSON Schema, so the API description
    // shows messageFilterShapeSchema in its place).
    filter: documentAcceptedShape(z.unknown(), messageFilterShapeSchema).optional(),
  })
  .superRefine(requireGatewayForMove)
  .transform((value, ctx) => {
    if ((value.ids === undefined) === (value.filter === undefined)) {
      ctx.addIssue({ code: "custom", path: ["ids"], message: "Give either ids (a selection) or filter, not both." });
      return z.NEVER;
    }
    if (value.filter === undefined) return { ...value, filter: undefined };
    const parsed = messageFilterSchema.safeParse(value.filter);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: ["filter", ...issue.path.map(String)], message: issue.message });
      return z.NEVER;
    }
    return { ...value, filter: parsed.data };
  });
export type BulkQueueActionInput = z.input<typeof bulkQueueActionSchema>;
export type BulkQueueActionValues = z.output<typeof bulkQueueActionSchema>;

/** What a bulk job reports while it runs (polled by the bulk bar, GET /api/v1/admin/queue-actions/{id}). */
export const queueActionJobSchema = z.object({
  id: z.uuid(),
  action: z.enum(QUEUE_ACTIONS),
  status: z.enum(["running", "cancelled", "finished", "failed"]),
  total: z.int().min(0).meta({ description: "Messages the action applied to when it started." }),
  done: z.int().min(0).meta({ description: "Messages looked at so far (may pass total: they are counted again when their status changed meanwhile)." }),
  changed: z.int().min(0).meta({ description: "Messages changed, or left pending for the delivery attempt running on them." }),
  error: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});
export type QueueActionJobView = z.infer<typeof queueActionJobSchema>;

/** The answer to one message's action. */
export const queueActionAnswerSchema = z.object({
  result: z.enum(["changed", "pending", "skipped"]).meta({
    description: "changed: done; pending: a delivery attempt is running on it, the action applies when it ends; skipped: the action does not apply to the message's status.",
  }),
  status: z.string().meta({ description: "The message's status now (QUEUED, HELD, DELETED, …)." }),
});

export const queueActionCountSchema = z.object({ total: z.int().min(0) });
