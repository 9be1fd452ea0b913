"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { DomainAllowListFieldset } from "@/components/console/domain-allow-list-fieldset";
import { applyFieldErrors } from "@/components/ui/apply-field-errors";
import { FieldError } from "@/components/ui/field-error";
import { FormMessage } from "@/components/ui/form-message";
import { showActionResult } from "@/components/ui/toast-result";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";
import { apiKeyInputSchema, type ApiKeyInput, type ApiKeyValues } from "@/lib/validation/api-key";
import type { createApiKeyAction } from "./actions";
import { CreatedKeyNotice } from "./created-key-notice";
import type { DomainChoice } from "./types";

const KEY_LIMITS = [
  { name: "perHourLimit", label: "Messages per hour" },
  { name: "perDayLimit", label: "Messages per day" },
] as const;

/** The New API key page: the form, then the one-time display of the created key; Done or Cancel go back to the list. */
export function NewApiKey({ domains, createAction }: { domains: DomainChoice[]; createAction: typeof createApiKeyAction }) {
  const router = useRouter();
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);

  if (created) return <CreatedKeyNotice name={created.name} apiKey={created.key} onDone={() => router.push("/api-keys")} />;
  return <NewApiKeyForm domains={domains} createAction={createAction} onCreated={setCreated} />;
}

type FormProps = {
  domains: DomainChoice[];
  createAction: typeof createApiKeyAction;
  onCreated: (created: { name: string; key: string }) => void;
};

function NewApiKeyForm({ domains, createAction, onCreated }: FormProps) {
  const [message, setMessage] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<ApiKeyInput, unknown, ApiKeyValues>({
    resolver: zodResolver(apiKeyInputSchema),
    defaultValues: { name: "", domainIds: [], perHourLimit: "", perDayLimit: "" },
  });

  async function onSubmit(values: ApiKeyValues) {
    setMessage(null);
    const result = await createAction(values);
    if (!showActionResult(result, (data) => `Created the API key "${revealBidiControls(data.name)}".`)) {
      applyFieldErrors(setError, result.fieldErrors);
      setMessage(result.message);
      return;
    }
    onCreated({ name: result.data.name, key: result.data.key });
  }

  const { errors, isSubmitting } = formState;
  return (
    <form className="form" method="post" onSubmit={handleSubmit(onSubmit)} noValidate data-testid="api-key-form">
      <FormMessage kind="error" message={message} />
      <div className="field">
        <label htmlFor="api-key-name">Name</label>
        <input
          id="api-key-name"
          type="text"
          autoComplete="off"
          defaultValue=""
          aria-invalid={!!errors.name}
          aria-describedby="api-key-name-hint api-key-name-error"
          {...register("name")}
        />
        <span id="api-key-name-hint" className="hint">
          Who uses the key, such as &quot;Billing app&quot;.
        </span>
        <FieldError id="api-key-name-error" message={errors.name?.message} />
      </div>
      <DomainAllowListFieldset idPrefix="api-key" subject="key" domains={domains} registerDomainIds={() => register("domainIds")} error={errors.domainIds?.message} />
      <fieldset aria-describedby="api-key-limits-hint">
        <legend>Sending limits</legend>
        {KEY_LIMITS.map(({ name, label }) => (
          <div className="field" key={name}>
            <label htmlFor={`api-key-${name}`}>{label}</label>
            <input
              id={`api-key-${name}`}
              type="number"
              inputMode="numeric"
              min={1}
              placeholder="No limit"
              defaultValue=""
              aria-invalid={!!errors[name]}
              aria-describedby={`api-key-limits-hint api-key-${name}-error`}
              {...register(name)}
            />
            <FieldError id={`api-key-${name}-error`} message={errors[name]?.message} />
          </div>
        ))}
        <span id="api-key-limits-hint" className="hint">
          Blank = no limit. Over a limit the API answers 429 with Retry-After until the hour (or UTC day) is over.
        </span>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={isSubmitting}>
          Create
        </button>
        <Link className="btn" href="/api-keys">
          Cancel
        </Link>
      </div>
    </form>
  );
}
