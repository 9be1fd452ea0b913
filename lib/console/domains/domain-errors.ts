import { AppError } from "../../platform/errors";

export const DOMAIN_EXISTS_MESSAGE = "This domain already exists";

export function domainExistsError(): AppError {
  return new AppError("conflict", `${DOMAIN_EXISTS_MESSAGE}.`, { name: [DOMAIN_EXISTS_MESSAGE] });
}

export function domainNotFoundError(): AppError {
  return new AppError("not_found", "That domain no longer exists.");
}

/** Prisma's unique-constraint error; on domains the only unique column besides the id is the name. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "P2002";
}
