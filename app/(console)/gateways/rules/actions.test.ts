import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { EMPTY_ANSWER_RULE, type AnswerRuleFormValues } from "@/lib/validation/answer-rule";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { signInAs, signOutEveryone } from "@/test/next-request";
import { createTestGateway, orderedId } from "@/test/engine/create-test-gateway";
import { createAnswerRuleAction, deleteAnswerRuleAction, updateAnswerRuleAction } from "./actions";

const VALID: AnswerRuleFormValues = { ...EMPTY_ANSWER_RULE, name: "Gmail rate limit", matchCode: "421", matchText: "rate limited", minutes: "15", position: "10" };

describe("answer rule actions", () => {
  beforeEach(async () => {
    await resetDatabase();
    signOutEveryone();
  });

  it("refuses an anonymous caller and stores nothing", async () => {
    expect(await createAnswerRuleAction(VALID)).toMatchObject({ ok: false, code: "unauthorized" });
    expect(await getDb().gatewayAnswerRule.count()).toBe(0);
  });

  it("creates, updates and deletes a rule, each with an audit entry", async () => {
    const admin = await createTestAdmin();
    await signInAs(admin);
    const gateway = await createTestGateway({ id: orderedId(1), port: 2525 });
    const created = await createAnswerRuleAction({ ...VALID, gatewayId: gateway.id });
    expect(created.ok).toBe(true);
    const id = created.ok ? created.data.id : "";
    expect(await getDb().gatewayAnswerRule.findUniqueOrThrow({ where: { id } })).toMatchObject({ gatewayId: gateway.id, matchCode: "421", matchText: "rate limited", minutes: 15, position: 10, action: "SUSPEND_GATEWAY" });

    expect(await updateAnswerRuleAction({ ...VALID, id, action: "LOWER_RATE", ratePerMinute: "30" })).toMatchObject({ ok: true });
    expect(await getDb().gatewayAnswerRule.findUniqueOrThrow({ where: { id } })).toMatchObject({ gatewayId: null, action: "LOWER_RATE", ratePerMinute: 30 });

    expect(await deleteAnswerRuleAction({ id })).toMatchObject({ ok: true });
    expect(await getDb().gatewayAnswerRule.count()).toBe(0);
    const audit = await getDb().auditEntry.findMany({ orderBy: { id: "asc" } });
    expect(audit.map((entry) => [entry.action, entry.targetLabel, entry.actorAdminId])).toEqual([
      ["answer-rule.create", "Gmail rate limit", admin.id],
      ["answer-rule.update", "Gmail rate limit", admin.id],
      ["answer-rule.delete", "Gmail rate limit", admin.id],
    ]);
  });

  it("answers a bad pattern and a bad code with field errors (422), storing nothing", async () => {
    await signInAs(await createTestAdmin());
    const result = await createAnswerRuleAction({ ...VALID, matchCode: "4.7", matchText: "**" });
    expect(result).toMatchObject({ ok: false, code: "validation_failed" });
    if (result.ok) return;
    expect(result.fieldErrors?.matchCode?.[0]).toMatch(/reply code/);
    expect(result.fieldErrors?.matchText?.[0]).toMatch(/two characters/);
    expect(await getDb().gatewayAnswerRule.count()).toBe(0);
  });

  it("refuses a gateway that does not exist with a field error, and a deleted rule with not_found", async () => {
    await signInAs(await createTestAdmin());
    const result = await createAnswerRuleAction({ ...VALID, gatewayId: orderedId(9) });
    expect(result).toMatchObject({ ok: false, code: "validation_failed", fieldErrors: { gatewayId: ["This gateway no longer exists."] } });
    expect(await updateAnswerRuleAction({ ...VALID, id: orderedId(8) })).toMatchObject({ ok: false, code: "not_found" });
    expect(await deleteAnswerRuleAction({ id: orderedId(8) })).toMatchObject({ ok: false, code: "not_found" });
  });
});
