import type { Role } from "../gql/graphql";

const ROLE_LABELS: Record<Role, string> = {
  STUDENT: "Student",
  INSTRUCTOR: "Instructor",
  ADMIN: "Administrator",
};

/** How a sentence names one person of a role, and everyone of it. */
const ROLE_NOUNS: Record<Role, { one: string; all: string }> = {
  STUDENT: { one: "a student", all: "students" },
  INSTRUCTOR: { one: "an instructor", all: "instructors" },
  ADMIN: { one: "an admin", all: "admins" },
};

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}

/** "an admin", as in "Make Jane Doe an admin?". */
export function roleNoun(role: Role): string {
  return ROLE_NOUNS[role].one;
}

/** "instructors and admins", as in "This page is for instructors and admins.". */
export function roleGroupsNoun(roles: readonly Role[]): string {
  return new Intl.ListFormat("en", { type: "conjunction" }).format(
    roles.map((role) => ROLE_NOUNS[role].all),
  );
}
