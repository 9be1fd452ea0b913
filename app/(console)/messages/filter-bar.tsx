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
};

/**
 * The search form: a plain GET form to /messages, so a search is a link and works before (or without) JavaScript.
 * The placeholders say how each field matches (lib/validation/message-filter.ts decides it).
 */
export function FilterBar({ values, errors, gateways, apiKeys }: FilterBarProps) {
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
      {text("sender", "Sender", "whole address, e.g. app@example.com")}
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
      {select("apiKeyId", "API key", apiKeys)}
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
