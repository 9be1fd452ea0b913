"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { applyFieldErrors } from "@/components/ui/apply-field-errors";
import { FieldError } from "@/components/ui/field-error";
import { FormMessage } from "@/components/ui/form-message";
import { PasswordStrengthHint } from "@/components/ui/password-strength-hint";
import { changePasswordSchema, type ChangePasswordInput } from "@/lib/validation/admin";
import type { changePasswordAction } from "../actions";

const FIELDS = [
  { name: "currentPassword", label: "Current password", autoComplete: "current-password" },
  { name: "newPassword", label: "New password", autoComplete: "new-password" },
  { name: "confirmPassword", label: "Confirm new password", autoComplete: "new-password" },
] as const;

/** After a change every session of the admin has ended (this one too): sign out here and sign in again. */
export function ChangePasswordForm({ changeAction }: { changeAction: typeof changePasswordAction }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const { register, handleSubmit, setError, control, formState } = useForm<ChangePasswordInput>({ resolver: zodResolver(changePasswordSchema) });
  const password = useWatch({ control, name: "newPassword" });

  async function onSubmit(values: ChangePasswordInput) {
    setMessage(null);
    const result = await changeAction(values);
    if (!result.ok) {
      applyFieldErrors(setError, result.fieldErrors);
      setMessage(result.message);
      return;
    }
    await signOut({ redirect: false });
    router.replace("/login?changed=password");
  }

  const { errors, isSubmitting } = formState;
  return (
    <form className="form" method="post" onSubmit={handleSubmit(onSubmit)} noValidate>
      <FormMessage kind="error" message={message} />
      {FIELDS.map((field) => (
        <div className="field" key={field.name}>
          <label htmlFor={`password-${field.name}`}>{field.label}</label>
          <input
            id={`password-${field.name}`}
            type="password"
            autoComplete={field.autoComplete}
            aria-invalid={!!errors[field.name]}
            aria-describedby={`password-${field.name}-error${field.name === "newPassword" ? " password-strength" : ""}`}
            {...register(field.name)}
          />
          {field.name === "newPassword" && <PasswordStrengthHint id="password-strength" password={password} />}
          <FieldError id={`password-${field.name}-error`} message={errors[field.name]?.message} />
        </div>
      ))}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={isSubmitting}>
          Change password
        </button>
      </div>
    </form>
  );
}
