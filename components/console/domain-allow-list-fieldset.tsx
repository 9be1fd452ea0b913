"use client";

import type { UseFormRegisterReturn } from "react-hook-form";
import { FieldError } from "@/components/ui/field-error";

type DomainAllowListFieldsetProps = {
  /** Prefix of every id in the fieldset ("api-key" → api-key-domainIds-hint, api-key-domain-<id>). */
  idPrefix: string;
  /** What is limited, in the hint: "key", "credential". */
  subject: string;
  /** The hosted domains to choose from (stored ASCII names). */
  domains: { id: string; name: string }[];
  /** `() => register("domainIds")`: called once per checkbox, as react-hook-form expects for a checkbox group. */
  registerDomainIds: () => UseFormRegisterReturn;
  error?: string;
};

/**
 * "Domains it may send for": one checkbox per hosted domain; none checked means every hosted domain, now and later
 * (the shared domainIdsSchema in lib/validation/api-key.ts). Used by the New API key and New SMTP credential forms.
 */
export function DomainAllowListFieldset({ idPrefix, subject, domains, registerDomainIds, error }: DomainAllowListFieldsetProps) {
  return (
    <fieldset aria-describedby={`${idPrefix}-domainIds-hint ${idPrefix}-domainIds-error`}>
      <legend>Domains it may send for</legend>
      <span id={`${idPrefix}-domainIds-hint`} className="hint">
        Leave all unchecked to allow every hosted domain, now and added later. A {subject} limited to some domains stays
        limited: if they are all deleted, it sends for nothing.
      </span>
      {domains.length === 0 && <span className="hint">No hosted domains yet.</span>}
      {domains.map((domain) => (
        <div className="field-check" key={domain.id}>
          <input id={`${idPrefix}-domain-${domain.id}`} type="checkbox" value={domain.id} {...registerDomainIds()} />
          <label htmlFor={`${idPrefix}-domain-${domain.id}`}>{domain.name}</label>
        </div>
      ))}
      <FieldError id={`${idPrefix}-domainIds-error`} message={error} />
    </fieldset>
  );
}
