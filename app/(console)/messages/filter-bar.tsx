import Link from "next/link";
import { FieldError } from "@/components/ui/field-error";
import type { FieldErrors } from "@/lib/validation/field-errors";
import { MESSAGE_STATUS_LABELS } from "@/components/messages/status-badge";
import { MESSAGE_FILTER_STATUSES, MIN_SUBSTRING_LENGTH } from "@/lib/validation/message-filter";

type Option = { id: string; label: string };
type FilterBarProps = {
  /** The raw URL values, shown as typed (server-rendered, so nothing typed before hydration is lost). */
  values: Record<string, string>;
  errors: FieldErrors;
  gateways: Option[];
  apiKeys: Option[];
  smtpCredentials: Option[];
};

/** Where the Source select's error comes from: the one filter field its choice stands for. */
const SOURCE_FIELDS = ["submittedVia", "apiKeyId", "smtpCredentialId"] as const;

/**
 * The search form: a plain GET form to /messages, so a search is a link and works before (or without) JavaScript.
 * The placeholders say how each field matches (lib/validation/message-filter.ts decides it). Source is one select
 * over how mail arrives — any API or SMTP mail, one API key, one SMTP credential — sent as `source`
 * (readMessageSource turns it into the filter's field).
 */
export function FilterBar({ values, errors, gateways, apiKeys, smtpCredentials }: FilterBarProps) {
  const text = (name: string, label: string, placeholder: string, type = "text") => (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <input
        id={`filter-${name}`}
        name={name}
        type={type}
        defaultValue={values[name] ?? ""}
        placeholder={placeholder}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `filter-${name}-error` : undefined}
      />
      <FieldError id={`filter-${name}-error`} message={errors[name]?.[0]} />
    </div>
  );
  const select = (name: string, label: string, options: Option[]) => (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name} defaultValue={values[name] ?? ""} aria-invalid={errors[name] ? true : undefined} aria-describedby={errors[name] ? `filter-${name}-error` : undefined}>
        <option value="">Any</option>
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={`filter-${name}-error`} message={errors[name]?.[0]} />
    </div>
  );
  return (
    <form action="/messages" method="get" className="filter-bar" role="search" aria-label="Search messages" data-testid="message-filter-bar">
      {text("sender", "Sender", "contains, e.g. billing@; <> for bounces")}
      {text("recipient", "Recipient", `contains, ≥ ${MIN_SUBSTRING_LENGTH} characters`)}
      {text("subject", "Subject", `contains, ≥ ${MIN_SUBSTRING_LENGTH} characters`)}
      <div className="field">
        <label htmlFor="filter-messageId">Message-ID</label>
        <div className="filter-pair">
          <input
            id="filter-messageId"
            name="messageId"
            defaultValue={values.messageId ?? ""}
            placeholder="without < >"
            aria-invalid={errors.messageId ? true : undefined}
            aria-describedby={errors.messageId ? "filter-messageId-error" : undefined}
          />
          <select name="messageIdMatch" aria-label="Message-ID match" defaultValue={values.messageIdMatch ?? "exact"}>
            <option value="exact">exact</option>
            <option value="prefix">starts with</option>
          </select>
        </div>
        <FieldError id="filter-messageId-error" message={(errors.messageId ?? errors.messageIdMatch)?.[0]} />
      </div>
      {select("status", "Status", MESSAGE_FILTER_STATUSES.map((status) => ({ id: status.toLowerCase(), label: MESSAGE_STATUS_LABELS[status] })))}
      {select("gatewayId", "Gateway (last tried)", gateways)}
      {text("senderDomain", "Sender domain", "exact, e.g. example.com")}
      <SourceSelect value={values.source ?? ""} error={SOURCE_FIELDS.map((field) => errors[field]?.[0]).find(Boolean)} apiKeys={apiKeys} smtpCredentials={smtpCredentials} />
      {text("from", "Created from (UTC)", "2026-12-01T09:00", "datetime-local")}
      {text("to", "Created before (UTC)", "2026-12-02T00:00", "datetime-local")}
      <div className="form-actions filter-actions">
        <button type="submit" className="btn btn-primary" data-testid="message-filter-submit">
          Search
        </button>
        <Link className="btn" href="/messages">
          Clear
        </Link>
      </div>
    </form>
  );
}

/** The Source select: via the API or SMTP at all, or one API key, or one SMTP credential (revoked ones too). */
function SourceSelect({ value, error, apiKeys, smtpCredentials }: { value: string; error?: string; apiKeys: Option[]; smtpCredentials: Option[] }) {
  return (
    <div className="field">
      <label htmlFor="filter-source">Source</label>
      <select id="filter-source" name="source" defaultValue={value} aria-invalid={error ? true : undefined} aria-describedby={error ? "filter-source-error" : undefined}>
        <option value="">Any</option>
        <option value="via:api">Via the API (any key)</option>
        <option value="via:smtp">Via SMTP (any credential)</option>
        {apiKeys.length > 0 && (
          <optgroup label="API key">
            {apiKeys.map((key) => (
              <option key={key.id} value={`key:${key.id}`}>
                {key.label}
              </option>
            ))}
          </optgroup>
        )}
        {smtpCredentials.length > 0 && (
          <optgroup label="SMTP credential">
            {smtpCredentials.map((credential) => (
              <option key={credential.id} value={`credential:${credential.id}`}>
                {credential.label}
              </option>
            ))}
          </optgroup>
        )}
      </select>
      <FieldError id="filter-source-error" message={error} />
    </div>
  );
}
