import type { ActionResult } from "@/lib/http/action-result";
import type { DomainInput } from "@/lib/validation/domain";

export type GatewayOption = { value: string; label: string };

export type SavedDomain = { id: string; name: string };
export type CreateDomain = (input: DomainInput) => Promise<ActionResult<SavedDomain>>;
export type UpdateDomain = (input: DomainInput & { id: string }) => Promise<ActionResult<SavedDomain>>;
export type DeleteDomain = (input: { id: string }) => Promise<ActionResult<null>>;
