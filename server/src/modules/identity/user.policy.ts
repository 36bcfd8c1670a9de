// Who may see what of a user and of an instructor application, and the role questions the other
// modules ask (is the viewer an admin, does this person teach).
import type { InstructorApplication } from "../../generated/prisma/client.ts";
import type { Role } from "../../generated/prisma/enums.ts";
import { anyOf, type Action, type Predicate } from "../../platform/policy.ts";

/** The roles that may create and teach courses. */
export const TEACHING_ROLES = ["INSTRUCTOR", "ADMIN"] as const satisfies readonly Role[];

/** Whether this person (not the viewer) may own or co-teach a course. */
export const teachesCourses = (user: { role: Role }): boolean => (TEACHING_ROLES as readonly Role[]).includes(user.role);

export const isAdmin: Predicate<unknown> = (context) => context.viewer?.role === "ADMIN";

export const isSelf: Predicate<{ id: string }> = (context, user) => context.viewer?.userId === user.id;

export const isApplicant: Predicate<InstructorApplication> = (context, application) =>
  context.viewer?.userId === application.applicantId;

export const userPolicy = {
  /** Email addresses are private to their owner and to admins (others read null). */
  seeEmail: { allows: anyOf(isSelf, isAdmin), refusal: { message: "Only the person and admins may see this address." } },
} satisfies Record<string, Action<{ id: string }>>;

export const instructorApplicationPolicy = {
  /** Its applicant and admins; to anyone else it does not exist. */
  read: { allows: anyOf(isApplicant, isAdmin), refusal: { message: "Only the applicant and admins may read an application." } },
} satisfies Record<string, Action<InstructorApplication>>;
