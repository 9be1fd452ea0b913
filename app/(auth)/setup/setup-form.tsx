"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { applyFieldErrors } from "@/components/ui/apply-field-errors";
import { FieldError } from "@/components/ui/field-error";
import { FormMessage } from "@/components/ui/form-message";
import { PasswordStrengthHint } from "@/components/ui/password-strength-hint";
import { setupInputSchema, type SetupInput } from "@/lib/validation/admin";
import type { completeSetupAction } from "./actions";

export function SetupForm({ completeSetup }: { completeSetup: typeof completeSetupAction }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, control, formState } = useForm<SetupInput>({ resolver: zodResolver(setupInputSchema) });
  const password = useWatch({ control, name: "password" });

  async function onSubmit(values: SetupInput) {
    setFormError(null);
    const result = await completeSetup(values);
    if (!result.ok) {
      applyFieldErrors(setError, result.fieldErrors);
      setFormError(result.message);
      return;
    }
    await signIn("credentials", { email: values.email, password: values.password, redirect: false });
    router.replace("/gateways");
    router.refresh();
  }

  const { errors, isSubmitting } = formState;
  const fields = [
    { name: "token", label: "Setup token", type: "text", autoComplete: "off" },
    { name: "email", label: "Email", type: "email", autoComplete: "username" },
    { name: "password", label: "Password", type: "password", autoComplete: "new-password" },
    { name: "confirmPassword", label: "Confirm password", type: "password", autoComplete: "new-password" },
  ] as const;
  return (
    <form className="form" method="post" onSubmit={handleSubmit(onSubmit)} noValidate>
      <FormMessage kind="error" message={formError} />
      {fields.map((field) => (
        <div className="field" key={field.name}>
          <label htmlFor={field.name}>{field.label}</label>
          <input
            id={field.name}
            type={field.type}
            autoComplete={field.autoComplete}
            aria-invalid={!!errors[field.name]}
            aria-describedby={`${field.name}-error`}
            {...register(field.name)}
          />
          {field.name === "password" && <PasswordStrengthHint id="password-strength" password={password} />}
          <FieldError id={`${field.name}-error`} message={errors[field.name]?.message} />
        </div>
      ))}
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={isSubmitting}>
          Create admin
        </button>
      </div>
    </form>
  );
}
