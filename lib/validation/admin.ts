import { z } from "zod";

export const adminEmailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.").max(254));

export const adminPasswordSchema = z
  .string()
  .min(12, "Use at least 12 characters.")
  .max(1024, "Use at most 1024 characters.");

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
