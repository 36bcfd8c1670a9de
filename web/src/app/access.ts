import type { Role } from "../gql/graphql";

/** Every role, from least to most privileged. */
export const ROLES = ["STUDENT", "INSTRUCTOR", "ADMIN"] as const satisfies readonly Role[];

/** Who may open each guarded area; menus and route guards both read this. */
export const AREA_ROLES = {
  account: ROLES,
  instructorApplication: ["STUDENT", "INSTRUCTOR"],
  teaching: ["INSTRUCTOR", "ADMIN"],
  administration: ["ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Area = keyof typeof AREA_ROLES;

export function roleMayEnter(role: Role, area: Area): boolean {
  return (AREA_ROLES[area] as readonly Role[]).includes(role);
}
