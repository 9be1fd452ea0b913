import type { ReactNode } from "react";
import { FieldError } from "@/components/ui/field-error";

/**
 * One labelled form row. The input's id is the field name (so `getByLabel` and the server's field errors
 * line up) and it is described by its hint, its warning and its error.
 */
export function Field({ name, label, hint, warning, error, children }: { name: string; label: string; hint?: ReactNode; warning?: string | null; error?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {children}
      {hint && (
        <span id={`${name}-hint`} className="hint">
          {hint}
        </span>
      )}
      {warning !== undefined && <FieldWarning id={`${name}-warning`} message={warning} />}
      <FieldError id={`${name}-error`} message={error} />
    </div>
  );
}

/**
 * A warning that does not stop saving (the admin may have a reason). Always rendered, empty when there is nothing to
 * say, so screen readers announce it when it appears (a live region must exist before its text changes).
 */
export function FieldWarning({ id, message }: { id: string; message: string | null }) {
  return (
    <span id={id} className="field-warning" data-testid={id} aria-live="polite">
      {message}
    </span>
  );
}

/** The accessibility attributes every input of a `Field` carries. */
export function describedBy(name: string, error: string | undefined, hasHint = false, hasWarning = false) {
  const ids = [hasHint && `${name}-hint`, hasWarning && `${name}-warning`, `${name}-error`].filter(Boolean);
  return {
    id: name,
    "aria-invalid": !!error,
    "aria-describedby": ids.join(" "),
  };
}

export function CheckField({ name, label, children }: { name: string; label: string; children: ReactNode }) {
  return (
    <div className="field-check">
      {children}
      <label htmlFor={name}>{label}</label>
    </div>
  );
}
