import type { Role } from "../gql/graphql";

const ROLE_LABELS: Record<Role, string> = {
  STUDENT: "Student",
  INSTRUCTOR: "Instructor",
  ADMIN: "Administrator",
};

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}
