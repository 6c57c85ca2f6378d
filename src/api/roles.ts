/**
 * The API's roles, ordered: read-only (every GET), responder (read-only plus running and
 * lifting responses and logtest), admin (everything). A route declares the least role it
 * needs; `allows` is the only check.
 * Must not: know users or tokens.
 */
import type { ApiRole } from "../config/mod.ts";

const RANK: Readonly<Record<ApiRole, number>> = { "read-only": 0, responder: 1, admin: 2 };

export function isRole(v: string): v is ApiRole {
  return Object.hasOwn(RANK, v);
}

export function allows(role: ApiRole, needed: ApiRole): boolean {
  return RANK[role] >= RANK[needed];
}
