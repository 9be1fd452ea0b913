"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { showActionResult } from "@/components/ui/toast-result";
import type { AnswerRuleActionName } from "@/lib/validation/answer-rule";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";
import type { deleteAnswerRuleAction } from "./actions";
import { describeAction } from "./rule-labels";

export type AnswerRuleGridRow = {
  id: string;
  name: string;
  enabled: boolean;
  gatewayDescription: string | null;
  matchCode: string | null;
  matchEnhancedCode: string | null;
  matchText: string | null;
  action: AnswerRuleActionName;
  minutes: number;
  ratePerMinute: number | null;
  position: number;
  updatedAt: string;
};

type Props = { rules: AnswerRuleGridRow[]; editingId: string | null; deleteAction: typeof deleteAnswerRuleAction };

/** The rules in the order the engine tries them; Edit opens the form below with the rule's values, Delete asks first. */
export function AnswerRulesGrid({ rules, editingId, deleteAction }: Props) {
  const router = useRouter();
  const { confirm, confirmDialog } = useConfirm();

  async function remove(rule: AnswerRuleGridRow) {
    const confirmed = await confirm({ title: "Delete rule", description: `Delete the rule "${rule.name}"? Gateways it suspended stay suspended until their time is over.`, confirmLabel: "Delete" });
    if (!confirmed) return;
    const result = await deleteAction({ id: rule.id });
    if (showActionResult(result, `Rule "${rule.name}" deleted.`)) router.refresh();
  }

  return (
    <>
      <table className="grid" aria-label="Answer rules">
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Name</th>
            <th scope="col">Gateway</th>
            <th scope="col">Matches</th>
            <th scope="col">Action</th>
            <th scope="col">Enabled</th>
            <th scope="col" className="actions">
              Actions
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <tr key={rule.id} aria-current={rule.id === editingId ? "true" : undefined} data-testid={`rule-${rule.id}`}>
              <td>{rule.position}</td>
              <td>{revealBidiControls(rule.name)}</td>
              <td>{rule.gatewayDescription === null ? "All gateways" : revealBidiControls(rule.gatewayDescription)}</td>
              <td>
                {[rule.matchCode && `code ${rule.matchCode}`, rule.matchEnhancedCode && `status ${rule.matchEnhancedCode}`, rule.matchText && `text "${revealBidiControls(rule.matchText)}"`]
                  .filter(Boolean)
                  .join(", ")}
              </td>
              <td>{describeAction(rule)}</td>
              <td>{rule.enabled ? "Yes" : "No"}</td>
              <td className="actions">
                <Link href={`/gateways/rules?edit=${rule.id}#rule-form-title`}>Edit</Link>{" "}
                <button type="button" className="link-button" onClick={() => void remove(rule)} aria-label={`Delete rule ${rule.name}`}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {confirmDialog}
    </>
  );
}
