import { randomBytes } from "node:crypto";
import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { hashPassword } from "../../platform/password";
import type { SmtpCredentialValues } from "../../validation/smtp-credential";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "../audit/record-audit";

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
 * meanwhile (the insert's unique index and foreign key decide: no check-then-write). Audited as
 * "smtp-credential.create" by `actor` in the same transaction (the hash never reaches the audit log).
 */
export async function createSmtpCredential(
  { name, username, domainIds, allowedNetworks, ipRelay }: SmtpCredentialValues,
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<CreatedSmtpCredential> {
  const ids = [...new Set(domainIds)];
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  try {
    const created = await getDb().$transaction(async (tx) => {
      const row = await tx.smtpCredential.create({
        data: { name, username, passwordHash, allDomains: ids.length === 0, allowedNetworks, ipRelay, domains: { create: ids.map((domainId) => ({ domainId })) } },
        select: { id: true, name: true, username: true, allDomains: true, allowedNetworks: true, ipRelay: true },
      });
      await recordAudit(tx, { actor, action: "smtp-credential.create", target: { type: "smtp-credential", id: row.id, label: row.username }, after: { ...row, domainIds: ids } });
      return row;
    });
    return { id: created.id, name: created.name, username: created.username, password };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "P2002") throw new AppError("validation_failed", "That username is taken.", { username: ["That username is taken; choose another."] });
    if (code === "P2003") throw new AppError("validation_failed", "A chosen domain no longer exists.", { domainIds: ["A chosen domain no longer exists; reload the page."] });
    throw error;
  }
}
