"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/http/admin-action";
import { deleteAnswerRule } from "@/lib/console/rules/delete-answer-rule";
import { saveAnswerRule } from "@/lib/console/rules/save-answer-rule";
import { answerRuleInputSchema, answerRuleUpdateSchema } from "@/lib/validation/answer-rule";

export const createAnswerRuleAction = adminAction(answerRuleInputSchema, async (values, { admin }) => {
  const saved = await saveAnswerRule({ values, actor: admin });
  revalidatePath("/gateways/rules");
  return saved;
});

export const updateAnswerRuleAction = adminAction(answerRuleUpdateSchema, async ({ id, ...values }, { admin }) => {
  const saved = await saveAnswerRule({ id, values, actor: admin });
  revalidatePath("/gateways/rules");
  return saved;
});

export const deleteAnswerRuleAction = adminAction(z.object({ id: z.uuid("Unknown rule.") }), async ({ id }, { admin }) => {
  const deleted = await deleteAnswerRule({ id, actor: admin });
  revalidatePath("/gateways/rules");
  return deleted;
});
