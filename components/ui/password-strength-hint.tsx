"use client";

import { estimatePasswordStrength } from "@/lib/validation/password-strength";

/**
 * Live strength of the password being typed (zxcvbn, the same estimate the server applies through the shared schema),
 * shown under the field; nothing while it is empty.
 */
export function PasswordStrengthHint({ id, password }: { id: string; password: string | undefined }) {
  if (!password) return null;
  const strength = estimatePasswordStrength(password.slice(0, 256));
  return (
    <span id={id} className="hint" data-testid={id} aria-live="polite">
      Strength: {strength.label}.{strength.feedback.length > 0 ? ` ${strength.feedback.join(" ")}` : ""}
    </span>
  );
}
