"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { applyFieldErrors } from "@/components/ui/apply-field-errors";
import { FieldError } from "@/components/ui/field-error";
import { FormMessage } from "@/components/ui/form-message";
import { PasswordStrengthHint } from "@/components/ui/password-strength-hint";
import { showActionResult } from "@/components/ui/toast-result";
import { adminInputSchema, type AdminInput } from "@/lib/validation/admin";
import type { createAdminAction } from "./actions";

const FIELDS = [
  { name: "email", label: "Email", type: "email" },
  { name: "password", label: "Password", type: "password" },
  { name: "confirmPassword", label: "Confirm password", type: "password" },
] as const;

export function NewAdminForm({ createAction }: { createAction: typeof createAdminAction }) {
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, control, formState } = useForm<AdminInput>({ resolver: zodResolver(adminInputSchema) });
  const password = useWatch({ control, name: "password" });

  async function onSubmit(values: AdminInput) {
    setFormError(null);
    const result = await createAction(values);
    if (!showActionResult(result, (added) => `Added ${added.email}.`)) {
      applyFieldErrors(setError, result.fieldErrors);
      setFormError(result.message);
      return;
    }
    reset();
  }

  const { errors, isSubmitting } = formState;
  return (
    <form className="form" method="post" onSubmit={handleSubmit(onSubmit)} noValidate>
      <FormMessage kind="error" message={formError} />
      {FIELDS.map((field) => (
        <div className="field" key={field.name}>
          <label htmlFor={`admin-${field.name}`}>{field.label}</label>
          <input
            id={`admin-${field.name}`}
            type={field.type}
            autoComplete={field.type === "password" ? "new-password" : "off"}
            aria-invalid={!!errors[field.name]}
            aria-describedby={`admin-${field.name}-error`}
            {...register(field.name)}
          />
          {field.name === "password" && <PasswordStrengthHint id="admin-password-strength" password={password} />}
          <FieldError id={`admin-${field.name}-error`} message={errors[field.name]?.message} />
        </div>
      ))}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={isSubmitting}>
          Add admin
        </button>
      </div>
    </form>
  );
}
