import { describe, expect, it } from "vitest";
import { MESSAGE_FILTER_STATUSES } from "./message-filter";
import { bulkQueueActionSchema, QUEUE_ACTION_STATUSES, queueActionSchema } from "./queue-action";

const ID = "5f0c3a52-8d6b-4c59-a0a4-2b8f3f7b9e10";
const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((issue) => [issue.path.join("."), issue.message]) ?? [];

describe("queue action schemas", () => {
  it("take each action, a hold's reason trimmed, and a move's gateway (or null to un-pin)", () => {
    expect(queueActionSchema.parse({ action: "hold", reason: "  spam wave  " })).toEqual({ action: "hold", reason: "spam wave" });
    expect(queueActionSchema.parse({ action: "move", gatewayId: ID.toUpperCase() })).toEqual({ action: "move", gatewayId: ID });
    expect(queueActionSchema.parse({ action: "move", gatewayId: null })).toEqual({ action: "move", gatewayId: null });
  });

  it("refuse what no action can mean, one clear message per field", () => {
    expect(issues(queueActionSchema.safeParse({ action: "purge" }))).toEqual([["action", "Choose an action: retry, hold, release, delete, bounce or move."]]);
    expect(issues(queueActionSchema.safeParse({ action: "move" }))).toEqual([["gatewayId", "Choose the gateway to move the mail to."]]);
    expect(issues(queueActionSchema.safeParse({ action: "hold", reason: "a\r\nBcc: x" }))).toEqual([["reason", "The reason cannot contain line breaks."]]);
    expect(issues(queueActionSchema.safeParse({ action: "retry", extra: 1 }))[0][0]).toBe("");
  });

  it("a bulk action takes either a selection or a filter, parsed by the Messages page's filter schema", () => {
    expect(bulkQueueActionSchema.parse({ action: "delete", ids: [ID] })).toEqual({ action: "delete", ids: [ID], filter: undefined });
    const parsed = bulkQueueActionSchema.parse({ action: "hold", filter: { status: "queued", from: "2026-12-01" } });
    expect(parsed.filter).toEqual({ status: "QUEUED", from: new Date("2026-12-01T00:00:00Z") });
    expect(issues(bulkQueueActionSchema.safeParse({ action: "hold" }))).toEqual([["ids", "Give either ids (a selection) or filter, not both."]]);
    expect(issues(bulkQueueActionSchema.safeParse({ action: "hold", ids: [ID], filter: {} }))).toEqual([["ids", "Give either ids (a selection) or filter, not both."]]);
    expect(issues(bulkQueueActionSchema.safeParse({ action: "hold", filter: { status: "lost" } }))).toEqual([["filter.status", "Choose a status from the list."]]);
    expect(issues(bulkQueueActionSchema.safeParse({ action: "hold", ids: Array(1001).fill(ID) }))).toEqual([["ids", "Select at most 1000 messages, or act on the filter."]]);
  });

  it("each action applies to statuses a filter can name", () => {
    for (const statuses of Object.values(QUEUE_ACTION_STATUSES)) for (const status of statuses) expect(MESSAGE_FILTER_STATUSES).toContain(status);
  });
});
