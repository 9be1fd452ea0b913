import { GatewayTabs } from "@/components/gateways/gateway-tabs";
import { PageLayout } from "@/components/ui/page-layout";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { listAnswerRules } from "@/lib/console/rules/list-answer-rules";
import { listGateways } from "@/lib/console/gateways/list-gateways";
import { EMPTY_ANSWER_RULE, toAnswerRuleFormValues } from "@/lib/validation/answer-rule";
import { createAnswerRuleAction, deleteAnswerRuleAction, updateAnswerRuleAction } from "./actions";
import { AnswerRuleForm } from "./answer-rule-form";
import { AnswerRulesGrid } from "./answer-rules-grid";

type Props = { searchParams: Promise<{ edit?: string | string[] }> };

/** Gateways → Rules: the answer rules in the order they are tried, and a form to add one or edit one (?edit=<id>). */
export default async function AnswerRulesPage({ searchParams }: Props) {
  await requireAdminPage();
  const [rules, gateways, { edit }] = await Promise.all([listAnswerRules(), listGateways(), searchParams]);
  const editing = typeof edit === "string" ? rules.find((rule) => rule.id === edit) ?? null : null;
  const nextPosition = String((rules.at(-1)?.position ?? 0) + 10);
  return (
    <PageLayout
      title="Gateways / Rules"
      description="Rules that react to a gateway's answers: suspend it, lower its rate, or defer the message. The first enabled rule that matches fires."
      tabs={<GatewayTabs active="rules" />}
    >
      {rules.length === 0 ? (
        <p className="empty">No answer rules. Add one below.</p>
      ) : (
        <AnswerRulesGrid rules={rules.map(({ updatedAt, ...rule }) => ({ ...rule, updatedAt: updatedAt.toISOString() }))} editingId={editing?.id ?? null} deleteAction={deleteAnswerRuleAction} />
      )}
      <h2 id="rule-form-title">{editing ? `Edit rule "${editing.name}"` : "New rule"}</h2>
      <AnswerRuleForm
        key={editing?.id ?? "new"}
        ruleId={editing?.id ?? null}
        defaults={editing ? toAnswerRuleFormValues(editing) : { ...EMPTY_ANSWER_RULE, position: nextPosition }}
        gateways={gateways.map((gateway) => ({ id: gateway.id, description: gateway.description }))}
        createAction={createAnswerRuleAction}
        updateAction={updateAnswerRuleAction}
      />
    </PageLayout>
  );
}
