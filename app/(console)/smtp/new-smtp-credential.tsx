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
import { smtpCredentialInputSchema, type SmtpCredentialInput, type SmtpCredentialValues } from "@/lib/validation/smtp-credential";
import type { createSmtpCredentialAction } from "./actions";
import { CreatedSmtpCredentialNotice, type CreatedSmtpCredentialView } from "./created-smtp-credential-notice";
import type { DomainChoice } from "./types";

/** The New SMTP credential page: the form, then the one-time display of the password; Done or Cancel go back to the list. */
export function NewSmtpCredential({ domains, createAction }: { domains: DomainChoice[]; createAction: typeof createSmtpCredentialAction }) {
  const router = useRouter();
  const [created, setCreated] = useState<CreatedSmtpCredentialView | null>(null);

  if (created) return <CreatedSmtpCredentialNotice created={created} onDone={() => router.push("/smtp")} />;
  return <NewSmtpCredentialForm domains={domains} createAction={createAction} onCreated={setCreated} />;
}

type FormProps = {
  domains: DomainChoice[];
  createAction: typeof createSmtpCredentialAction;
  onCreated: (created: CreatedSmtpCredentialView) => void;
};

function NewSmtpCredentialForm({ domains, createAction, onCreated }: FormProps) {
  const [message, setMessage] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<SmtpCredentialInput, unknown, SmtpCredentialValues>({
    resolver: zodResolver(smtpCredentialInputSchema),
    defaultValues: { name: "", username: "", domainIds: [], allowedNetworks: "", ipRelay: false },
  });

  async function onSubmit(values: SmtpCredentialValues) {
    setMessage(null);
    const result = await createAction(values);
    if (!showActionResult(result, (data) => `Created the SMTP credential "${revealBidiControls(data.name)}".`)) {
      applyFieldErrors(setError, result.fieldErrors);
      setMessage(result.message);
      return;
    }
    onCreated({ name: result.data.name, username: result.data.username, password: result.data.password });
  }

  const { errors, isSubmitting } = formState;
  const networksError = errors.allowedNetworks?.message ?? (errors.allowedNetworks as { root?: { message?: string } } | undefined)?.root?.message;
  return (
    <form className="form" method="post" onSubmit={handleSubmit(onSubmit)} noValidate data-testid="smtp-credential-form">
      <FormMessage kind="error" message={message} />
      <div className="field">
        <label htmlFor="smtp-name">Name</label>
        <input id="smtp-name" type="text" autoComplete="off" defaultValue="" aria-invalid={!!errors.name} aria-describedby="smtp-name-hint smtp-name-error" {...register("name")} />
        <span id="smtp-name-hint" className="hint">
          Who uses it, such as &quot;Exchange server&quot; or &quot;Office printer&quot;.
        </span>
        <FieldError id="smtp-name-error" message={errors.name?.message} />
      </div>
      <div className="field">
        <label htmlFor="smtp-username">Username</label>
        <input
          id="smtp-username"
          type="text"
          autoComplete="off"
          spellCheck={false}
          defaultValue=""
          aria-invalid={!!errors.username}
          aria-describedby="smtp-username-hint smtp-username-error"
          {...register("username")}
        />
        <span id="smtp-username-hint" className="hint">
          What the client sends with AUTH; case does not matter. The password is generated and shown once.
        </span>
        <FieldError id="smtp-username-error" message={errors.username?.message} />
      </div>
      <DomainAllowListFieldset idPrefix="smtp" subject="credential" domains={domains} registerDomainIds={() => register("domainIds")} error={errors.domainIds?.message} />
      <div className="field">
        <label htmlFor="smtp-networks">Allowed client networks</label>
        <textarea
          id="smtp-networks"
          rows={3}
          spellCheck={false}
          defaultValue=""
          aria-invalid={!!networksError}
          aria-describedby="smtp-networks-hint smtp-networks-error"
          {...register("allowedNetworks")}
        />
        <span id="smtp-networks-hint" className="hint">
          IP addresses or CIDR blocks (192.0.2.10, 10.0.0.0/8, 2001:db8::/32), one per line or comma-separated. Empty:
          any address.
        </span>
        <FieldError id="smtp-networks-error" message={networksError} />
      </div>
      <div className="field-check">
        <input id="smtp-ip-relay" type="checkbox" aria-describedby="smtp-ip-relay-hint" {...register("ipRelay")} />
        <label htmlFor="smtp-ip-relay">IP-only relay</label>
      </div>
      <span id="smtp-ip-relay-hint" className="hint">
        Clients from the networks above may relay without AUTH (printers, legacy applications). Needs at least one network,
        none wider than /8 (IPv4) or /32 (IPv6).
      </span>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={isSubmitting}>
          Create
        </button>
        <Link className="btn" href="/smtp">
          Cancel
        </Link>
      </div>
    </form>
  );
}
