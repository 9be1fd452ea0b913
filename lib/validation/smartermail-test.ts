import { z } from "zod";

/** The SmarterMail fields of the gateway form, as the Test connection button sends them. */
export const smartermailTestSchema = z.object({
  /** The gateway being edited: its stored password is used when the password field is blank. */
  gatewayId: z.uuid().optional(),
  smartermailUrl: z
    .string()
    .trim()
    .min(1, "Enter the SmarterMail URL.")
    .max(2048)
    .refine((value) => /^https?:\/\/[^/\s]+/i.test(value), "Enter an http:// or https:// URL, such as https://mail.example.com."),
  smartermailUsername: z.string().trim().min(1, "Enter the SmarterMail username.").max(254),
  smartermailPassword: z.string().max(1024).optional().default(""),
});
export type SmarterMailTestInput = z.output<typeof smartermailTestSchema>;
