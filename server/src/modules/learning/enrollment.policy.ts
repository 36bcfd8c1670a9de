// Who may do what to an enrollment, from small named predicates the services combine.
import { Prisma } from "../../generated/prisma/client.ts";
import type { Context } from "../../platform/context.ts";
import type { CourseRow } from "../catalog/index.ts";
import type { EnrollmentRow } from "./learning.loaders.ts";

/** ACTIVE and COMPLETED enrollments may watch the course, unless suspended (a disputed payment); REVOKED and REFUNDED ones no longer may. */
export const grantsAccess = (enrollment: Pick<EnrollmentRow, "status" | "suspendedAt">) =>
  (enrollment.status === "ACTIVE" || enrollment.status === "COMPLETED") && enrollment.suspendedAt === null;

/** Revoked or refunded: for good, unlike a suspension, which its certificate outlasts. */
export const hasEnded = (enrollment: Pick<EnrollmentRow, "status">) => enrollment.status === "REVOKED" || enrollment.status === "REFUNDED";

/** grantsAccess in SQL, over the enrollments table's row: keep the two alike. */
export const GRANTS_ACCESS_SQL = Prisma.sql`status IN ('ACTIVE', 'COMPLETED') AND suspended_at IS NULL`;

export const isOwnEnrollment = (context: Context, enrollment: EnrollmentRow) => context.viewer?.userId === enrollment.userId;

/** Only published courses take new enrollments; drafts are not ready, archived courses are closed. */
export const takesEnrollments = (course: CourseRow) => course.status === "PUBLISHED";

export const isFreeCourse = (course: CourseRow) => course.priceCents === 0;
