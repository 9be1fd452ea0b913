import { z } from "zod";

const envSchema = z.object({
  DATABASE_URL: z.string().url("DATABASE_URL must be a postgresql:// URL"),
  OUTGATE_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "OUTGATE_SECRET_KEY must be 64 hex characters (32 bytes)"),
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters"),
  OUTGATE_ADMIN_EMAIL: z.string().email().optional(),
  OUTGATE_ADMIN_PASSWORD: z.string().min(12).optional(),
  OUTGATE_LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  OUTGATE_LOGIN_LOCK_SECONDS: z.coerce.number().int().positive().default(900),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Validated configuration, read on first use (not at import, so `next build` runs without it). */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}
