import { randomBytes } from "node:crypto";
import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { hashPassword } from "../../platform/password";
import type { SmtpCredentialValues } from "../../validation/smtp-credential";

export type CreatedSmtpCredential = {
  id: string;
  name: string;
  username: string;
  /** The generated password: returned here once, stored only as an argon2id hash. */
  password: string;
};

/** 18 random bytes → 24 base64url characters (144 bits): no dictionary, nothing to throttle around. */
function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * Creates an SMTP credential with a generated password (argon2id-hashed; the plaintext is returned once), limited to
 * `domainIds` or for every hosted domain when none is chosen (stored as `allDomains`, so deleting domains never
 * widens it), usable from `allowedNetworks` (empty: anywhere), with IP-only relay when `ipRelay`.
 * AppError "validation_failed" on `username` when it is taken, on `domainIds` when a chosen domain was deleted
 * meanwhile (the insert's unique index and foreign key decide: one statement, no check-then-write).
 */
export async function createSmtpCredential({ name, username, domainIds, allowedNetworks, ipRelay }: SmtpCredentialValues): Promise<CreatedSmtpCredential> {
  const ids = [...new Set(domainIds)];
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  try {
    const created = await getDb().smtpCredential.create({
      data: { name, username, passwordHash, allDomains: ids.length === 0, allowedNetworks, ipRelay, domains: { create: ids.map((domainId) => ({ domainId })) } },
      select: { id: true, name: true, username: true },
    });
    return { ...created, password };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "P2002") throw new AppError("validation_failed", "That username is taken.", { username: ["That username is taken; choose another."] });
    if (code === "P2003") throw new AppError("validation_failed", "A chosen domain no longer exists.", { domainIds: ["A chosen domain no longer exists; reload the page."] });
    throw error;
  }
}
