import Link from "next/link";
import { FieldError } from "@/components/ui/field-error";
import type { FieldErrors } from "@/lib/validation/field-errors";

type AuditFilterFormProps = {
  /** The raw URL values, shown as they came. */
  values: Record<string, string>;
  errors: FieldErrors;
  actors: string[];
  actions: string[];
};

/**
 * The Audit page's filters: a plain GET form to /audit, so a filtered view is a link and works without JavaScript.
 * The action list offers each area ("gateway.*") before its actions.
 */
export function AuditFilterForm({ values, errors, actors, actions }: AuditFilterFormProps) {
  const areas = [...new Set(actions.map((action) => action.split(".")[0]))];
  const describedBy = (name: string) => (errors[name] ? `audit-${name}-error` : undefined);
  const field = (name: string, label: string, control: React.ReactNode) => (
    <div className="field">
      <label htmlFor={`audit-${name}`}>{label}</label>
      {control}
      <FieldError id={`audit-${name}-error`} message={errors[name]?.[0]} />
    </div>
  );
  // A value in the URL that is not among the options (an actor with no entries yet) still shows as chosen.
  const withCurrent = (options: string[], current: string | undefined) => (current && !options.includes(current) ? [current, ...options] : options);
  return (
    <form action="/audit" method="get" className="filter-bar" role="search" aria-label="Filter the audit log" data-testid="audit-filter">
      {field(
        "actor",
        "Who",
        <select id="audit-actor" name="actor" defaultValue={values.actor ?? ""} aria-describedby={describedBy("actor")}>
          <option value="">Anyone</option>
          {withCurrent(actors, values.actor).map((actor) => (
            <option key={actor} value={actor}>
              {actor}
            </option>
          ))}
        </select>,
      )}
      {field(
        "action",
        "Action",
        <select id="audit-action" name="action" defaultValue={values.action ?? ""} aria-invalid={errors.action ? true : undefined} aria-describedby={describedBy("action")}>
          <option value="">Any</option>
          {withCurrent(
            areas.flatMap((area) => [`${area}.*`, ...actions.filter((action) => action.startsWith(`${area}.`))]),
            values.action,
          ).map((action) => (
            <option key={action} value={action}>
              {action.endsWith(".*") ? `${action.slice(0, -2)} (all)` : action}
            </option>
          ))}
        </select>,
      )}
      {field(
        "target",
        "Target",
        <input id="audit-target" name="target" defaultValue={values.target ?? ""} placeholder="name contains, or an id" aria-invalid={errors.target ? true : undefined} aria-describedby={describedBy("target")} />,
      )}
      {field("from", "From (UTC)", <input id="audit-from" name="from" type="date" defaultValue={values.from ?? ""} aria-invalid={errors.from ? true : undefined} aria-describedby={describedBy("from")} />)}
      {field("to", "To (UTC)", <input id="audit-to" name="to" type="date" defaultValue={values.to ?? ""} aria-invalid={errors.to ? true : undefined} aria-describedby={describedBy("to")} />)}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" data-testid="audit-filter-apply">
          Filter
        </button>
        <Link href="/audit" className="btn">
          Clear
        </Link>
      </div>
    </form>
  );
}
