"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { applyFieldErrors } from "@/components/ui/apply-field-errors";
import { FieldError } from "@/components/ui/field-error";
import { FormMessage } from "@/components/ui/form-message";
import { apiKeyInputSchema, type ApiKeyInput, type ApiKeyValues } from "@/lib/validation/api-key";
import type { createApiKeyAction } from "./actions";
import { CreatedKeyNotice } from "./created-key-notice";
import type { DomainChoice } from "./types";

/** The toolbar's New button, the form it opens, and the one-time display of the created key. */
export function NewApiKey({ domains, createAction }: { domains: DomainChoice[]; createAction: typeof createApiKeyAction }) {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);

  if (created) return <CreatedKeyNotice name={created.name} apiKey={created.key} onDone={() => setCreated(null)} />;
  if (!open) {
    return (
      <div className="toolbar">
        <span className="hint">Applications send mail through POST /api/v1/messages with one of these keys.</span>
        <span className="spacer" />
        <button type="button" className="btn btn-primary" onClick={() => setOpen(true)}>
          New
        </button>
      </div>
    );
  }
  return (
    <NewApiKeyForm
      domains={domains}
      createAction={createAction}
      onCancel={() => setOpen(false)}
      onCreated={(key) => {
        setOpen(false);
        setCreated(key);
      }}
    />
  );
}

type FormProps = {
  domains: DomainChoice[];
  createAction: typeof createApiKeyAction;
  onCancel: () => void;
  onCreated: (created: { name: string; key: string }) => void;
};

function NewApiKeyForm({ domains, createAction, onCancel, onCreated }: FormProps) {
  const [message, setMessage] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<ApiKeyInput, unknown, ApiKeyValues>({
    resolver: zodResolver(apiKeyInputSchema),
    defaultValues: { name: "", domainIds: [] },
  });

  async function onSubmit(values: ApiKeyValues) {
    const result = await createAction(values);
    if (!result.ok) {
      applyFieldErrors(setError, result.fieldErrors);
      setMessage(result.message);
      return;
    }
    onCreated({ name: result.data.name, key: result.data.key });
  }

  const { errors, isSubmitting } = formState;
  return (
    <form className="form" onSubmit={handleSubmit(onSubmit)} noValidate data-testid="api-key-form">
      <h2>New API key</h2>
      <FormMessage kind="error" message={message} />
      <div className="field">
        <label htmlFor="api-key-name">Name</label>
        <input
          id="api-key-name"
          type="text"
          autoComplete="off"
          aria-invalid={!!errors.name}
          aria-describedby="api-key-name-hint api-key-name-error"
          {...register("name")}
        />
        <span id="api-key-name-hint" className="hint">
          Who uses the key, such as &quot;Billing app&quot;.
        </span>
        <FieldError id="api-key-name-error" message={errors.name?.message} />
      </div>
      <fieldset aria-describedby="api-key-domainIds-hint api-key-domainIds-error">
        <legend>Domains it may send for</legend>
        <span id="api-key-domainIds-hint" className="hint">
          Leave all unchecked to allow every hosted domain, now and added later. A key limited to some domains stays
          limited: if they are all deleted, it sends for nothing.
        </span>
        {domains.length === 0 && <span className="hint">No hosted domains yet.</span>}
        {domains.map((domain) => (
          <div className="field-check" key={domain.id}>
            <input id={`api-key-domain-${domain.id}`} type="checkbox" value={domain.id} {...register("domainIds")} />
            <label htmlFor={`api-key-domain-${domain.id}`}>{domain.name}</label>
          </div>
        ))}
        <FieldError id="api-key-domainIds-error" message={errors.domainIds?.message} />
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={isSubmitting}>
          Create
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={isSubmitting}>
          Cancel
        </button>
      </div>
    </form>
  );
}
