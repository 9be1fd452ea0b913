import type { ActionResult } from "@/lib/http/action-result";
import type { DomainInput } from "@/lib/validation/domain";

export type GatewayOption = { value: string; label: string };

// The server actions the domain form and grid receive from their pages, by the shape they call them with. Not
// `typeof createDomainAction`: components/ is imported by app/, so importing app/ back (even a type) is a loop;
// each page's prop assignment checks the real action against these.
export type SavedDomain = { id: string; name: string };
export type CreateDomain = (input: DomainInput) => Promise<ActionResult<SavedDomain>>;
export type UpdateDomain = (input: DomainInput & { id: string }) => Promise<ActionResult<SavedDomain>>;
export type DeleteDomain = (input: { id: string }) => Promise<ActionResult<null>>;
