import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { hashPassword } from "../../platform/password";
import { getDb } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { lockAdmins } from "./lock-admins";
import { recordAudit } from "../audit/record-audit";

function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/**
 * On a server with no admin, issues a fresh one-time setup token and returns it (for the server log).
 * Returns null when an admin exists. Only the hash is stored.
 */
export async function issueSetupTokenIfNeeded(): Promise<string | null> {
  const token = randomBytes(18).toString("base64url");
  // Under the admins lock: a setup completing meanwhile cannot leave a fresh token behind next to its admin.
  return getDb().$transaction(async (tx) => {
    await lockAdmins(tx);
    if ((await tx.admin.count()) > 0) {
      await tx.setupToken.deleteMany();
      return null;
    }
    await tx.setupToken.upsert({ where: { id: 1 }, create: { id: 1, tokenHash: sha256(token) }, update: { tokenHash: sha256(token), createdAt: new Date() } });
    return token;
  });
}

export async function isSetupPending(): Promise<boolean> {
  return (await getDb().admin.count()) === 0;
}

/** Creates the first admin if the token matches and no admin exists yet; the token is spent either way it succeeds. */
export async function completeSetup({ token, email, password }: { token: string; email: string; password: string }) {
  const passwordHash = await hashPassword(password);
  return getDb().$transaction(async (tx) => {
    // Serialise concurrent setups: only one first admin can ever be created.
    await lockAdmins(tx);
    if ((await tx.admin.count()) > 0) throw new AppError("conflict", "Setup is already complete. Sign in instead.");
    const stored = await tx.setupToken.findUnique({ where: { id: 1 } });
    const given = Buffer.from(sha256(token));
    if (!stored || !timingSafeEqual(Buffer.from(stored.tokenHash), given)) {
      throw new AppError("forbidden", "The setup token is wrong.", { token: ["The setup token is wrong. Copy it from the server log."] });
    }
    await tx.setupToken.deleteMany();
    const admin = await tx.admin.create({ data: { email, passwordHash }, select: { id: true, email: true } });
    await recordAudit(tx, { actor: { kind: "system", label: "First-run setup" }, action: "admin.create", target: { type: "admin", id: admin.id, label: admin.email }, after: admin });
    return admin;
  });
}

/** OUTGATE_ADMIN_EMAIL / OUTGATE_ADMIN_PASSWORD create the first admin non-interactively. */
export async function bootstrapAdminFromEnv(email: string | undefined, password: string | undefined): Promise<boolean> {
  if (!email || !password) return false;
  const passwordHash = await hashPassword(password);
  // Under the admins lock, so a setup form submitted at the same moment cannot add a second "first" admin.
  return getDb().$transaction(async (tx) => {
    await lockAdmins(tx);
    if ((await tx.admin.count()) > 0) return false;
    const admin = await tx.admin.create({ data: { email: email.trim().toLowerCase(), passwordHash }, select: { id: true, email: true } });
    await tx.setupToken.deleteMany();
    const actor = { kind: "system" as const, label: "OUTGATE_ADMIN_EMAIL" };
    await recordAudit(tx, { actor, action: "admin.create", target: { type: "admin", id: admin.id, label: admin.email }, after: admin });
    return true;
  });
}
