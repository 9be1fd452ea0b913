"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { applyFieldErrors } from "@/components/ui/apply-field-errors";
import { FieldError } from "@/components/ui/field-error";
import { FormMessage } from "@/components/ui/form-message";
import { showActionResult } from "@/components/ui/toast-result";
import { ANSWER_RULE_ACTIONS, answerRuleInputSchema, EMPTY_ANSWER_RULE, type AnswerRuleFormValues } from "@/lib/validation/answer-rule";
import type { createAnswerRuleAction, updateAnswerRuleAction } from "./actions";
import { ACTION_LABELS } from "./rule-labels";

type Props = {
  /** null: a new rule. */
  ruleId: string | null;
  defaults: AnswerRuleFormValues;
  gateways: { id: string; description: string }[];
  createAction: typeof createAnswerRuleAction;
  updateAction: typeof updateAnswerRuleAction;
};

type TextField = "name" | "matchCode" | "matchEnhancedCode" | "matchText" | "minutes" | "ratePerMinute" | "position";

const HINTS: Partial<Record<TextField, string>> = {
  matchCode: "A reply code (421) or a class (4xx, 45x). Leave blank for any.",
  matchEnhancedCode: "An enhanced status code (4.7.0) or a prefix of whole parts (4.7). Leave blank for any.",
  matchText: 'Case-insensitive; * stands for any text, e.g. "receiving * at a rate". Otherwise a substring.',
  minutes: "How long the action lasts (1 to 10080).",
  ratePerMinute: "Only for Lower the gateway's rate.",
  position: "Rules are tried from the lowest order up; the first match fires.",
};

/** The answer rule form (new and edit). Values are server-rendered (defaultValue), so typing before hydration is kept. */
export function AnswerRuleForm({ ruleId, defaults, gateways, createAction, updateAction }: Props) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const [initial] = useState(defaults);
  const { register, handleSubmit, setError, reset, formState } = useForm<AnswerRuleFormValues>({
    resolver: zodResolver(answerRuleInputSchema, undefined, { raw: true }),
    defaultValues: initial,
  });
  const { errors, isSubmitting } = formState;

  async function onSubmit(values: AnswerRuleFormValues) {
    setFormError(null);
    const result = ruleId ? await updateAction({ ...values, id: ruleId }) : await createAction(values);
    if (!showActionResult(result, ruleId ? "Rule saved." : "Rule created.")) {
      applyFieldErrors(setError, result.fieldErrors);
      setFormError(result.message);
      return;
    }
    if (ruleId) {
      router.push("/gateways/rules");
    } else {
      reset({ ...EMPTY_ANSWER_RULE, position: String(Number(values.position) + 10) });
    }
    router.refresh();
  }

  const text = (field: TextField, label: string) => {
    const id = `rule-${field}`;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type="text"
          autoComplete="off"
          defaultValue={initial[field]}
          aria-invalid={!!errors[field]}
          aria-describedby={`${HINTS[field] ? `${id}-hint ` : ""}${id}-error`}
          {...register(field)}
        />
        {HINTS[field] && (
          <span id={`${id}-hint`} className="hint">
            {HINTS[field]}
          </span>
        )}
        <FieldError id={`${id}-error`} message={errors[field]?.message} />
      </div>
    );
  };

  return (
    <form className="form" method="post" onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby="rule-form-title">
      <FormMessage kind="error" message={formError} />
      {text("name", "Name")}
      <div className="field">
        <label htmlFor="rule-gatewayId">Gateway</label>
        <select id="rule-gatewayId" defaultValue={initial.gatewayId} aria-invalid={!!errors.gatewayId} aria-describedby="rule-gatewayId-error" {...register("gatewayId")}>
          <option value="">All gateways</option>
          {gateways.map((gateway) => (
            <option key={gateway.id} value={gateway.id}>
              {gateway.description}
            </option>
          ))}
        </select>
        <FieldError id="rule-gatewayId-error" message={errors.gatewayId?.message} />
      </div>
      {text("matchCode", "Reply code")}
      {text("matchEnhancedCode", "Enhanced status code")}
      {text("matchText", "Answer text")}
      <div className="field">
        <label htmlFor="rule-action">Action</label>
        <select id="rule-action" defaultValue={initial.action} aria-invalid={!!errors.action} aria-describedby="rule-action-error" {...register("action")}>
          {ANSWER_RULE_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {ACTION_LABELS[action]}
            </option>
          ))}
        </select>
        <FieldError id="rule-action-error" message={errors.action?.message} />
      </div>
      {text("minutes", "Minutes")}
      {text("ratePerMinute", "Messages per minute")}
      {text("position", "Order")}
      <div className="field">
        <label htmlFor="rule-enabled">
          <input id="rule-enabled" type="checkbox" defaultChecked={initial.enabled} {...register("enabled")} /> Enabled
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? "Saving…" : ruleId ? "Save rule" : "Create rule"}
        </button>
        {ruleId && <Link href="/gateways/rules">Cancel</Link>}
      </div>
    </form>
  );
}
