import { getDb } from "../../platform/db";

export type MoveTarget = { id: string; description: string; address: string; port: number };

/** The gateways mail can be moved to: enabled and not draining, by name. */
export async function listMoveTargets(): Promise<MoveTarget[]> {
  return getDb().gateway.findMany({ where: { enabled: true, draining: false }, select: { id: true, description: true, address: true, port: true }, orderBy: { description: "asc" } });
}
