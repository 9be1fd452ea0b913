import type { ReactNode } from "react";
import { FieldError } from "@/components/ui/field-error";

/**
 * One labelled form row. The input's id is the field name (so `getByLabel` and the server's field errors
 * line up) and it is described by its hint and its error.
 */
export function Field({ name, label, hint, error, children }: { name: string; label: string; hint?: ReactNode; error?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {children}
      {hint && (
        <span id={`${name}-hint`} className="hint">
          {hint}
        </span>
      )}
      <FieldError id={`${name}-error`} message={error} />
    </div>
  );
}

/** The accessibility attributes every input of a `Field` carries. */
export function describedBy(name: string, error: string | undefined, hasHint = false) {
  return {
    id: name,
    "aria-invalid": !!error,
    "aria-describedby": hasHint ? `${name}-hint ${name}-error` : `${name}-error`,
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
