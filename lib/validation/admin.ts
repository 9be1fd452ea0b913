import { z } from "zod";
import { estimatePasswordStrength, weakPasswordMessage } from "./password-strength";

export const adminEmailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.").max(254));

/**
 * A new admin password: 12 to 1024 characters, and scoring at least MIN_PASSWORD_SCORE with zxcvbn (length alone lets
 * "password1234" through). Shared by the setup, new-admin and change-password forms and their server actions.
 */
export const adminPasswordSchema = z
  .string()
  .min(12, "Use at least 12 characters.")
  .max(1024, "Use at most 1024 characters.")
  .superRefine((password, ctx) => {
    if (password.length < 12 || password.length > 1024) return;
    const strength = estimatePasswordStrength(password);
    if (!strength.strongEnough) ctx.addIssue({ code: "custom", message: weakPasswordMessage(strength) });
  });

export const adminInputSchema = z
  .object({
    email: adminEmailSchema,
    password: adminPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords do not match.",
  });
export type AdminInput = z.input<typeof adminInputSchema>;

export const setupInputSchema = z
  .object({ token: z.string().trim().min(1, "Enter the setup token from the server log.") })
  .and(adminInputSchema);
export type SetupInput = z.input<typeof setupInputSchema>;

/** The signed-in admin's Change password form and its server action. */
export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(1024),
    newPassword: adminPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords do not match.",
  })
  .refine((value) => value.newPassword !== value.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one.",
  });
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;
