import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

// @node-rs/argon2 defaults to argon2id; these are OWASP's minimums for it (19 MiB, 2 passes).
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let decoyHash: Promise<string> | undefined;

/** Unknown emails are verified against a decoy hash so response time does not reveal which admins exist. */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  decoyHash ??= hashPassword(randomBytes(16).toString("hex"));
  try {
    const ok = await verify(passwordHash ?? (await decoyHash), password);
    return ok && passwordHash !== null;
  } catch {
    return false;
  }
}
