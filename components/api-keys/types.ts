import type { ActionResult } from "@/lib/http/action-result";
import type { ApiKeyInput } from "@/lib/validation/api-key";

export type DomainChoice = { id: string; name: string };

/** A key as the grid shows it; dates are ISO strings (server → client). */
export type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  domains: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export type CreateApiKey = (input: ApiKeyInput) => Promise<ActionResult<{ id: string; name: string; prefix: string; key: string }>>;
export type RevokeApiKey = (input: { id: string }) => Promise<ActionResult<null>>;
