// Enrollments: enrolling, granting, revoking and listing them, and what other modules ask of them.
import type { EnrollmentSource, EnrollmentStatus } from "../../generated/prisma/enums.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Context } from "../../platform/context.ts";
import type { Transaction } from "../../platform/db.ts";
import type { Platform } from "../../platform/platform.ts";
import { conflict, notFound, paymentRequired } from "../../platform/errors.ts";
import { paidCourseWhilePaymentsDisabled } from "../../platform/features.ts";
import { parseId } from "../../platform/ids.ts";
import { pageWindow, toConnection, type Connection, type PageArgs } from "../../platform/pagination.ts";
import { authorize } from "../../platform/policy.ts";
import { coursePolicy, coursePublicScope, findVisibleCourse, getEditableCourse, isCourseEditor, type CourseCheck, type CourseReadRight, type CourseRow, type PopularitySource } from "../catalog/index.ts";
import type { ViewingRight } from "../media/index.ts";
import { findUser } from "../identity/index.ts";
import { grantsAccess, isFreeCourse, isOwnEnrollment, takesEnrollments } from "./enrollment.policy.ts";
import { enrolled, enrollmentRefunded, enrollmentResumed, enrollmentRevoked, enrollmentSuspended } from "./learning.events.ts";
import { enrolledCourseIds, enrollmentById, viewerEnrollmentByCourse, type EnrollmentRow } from "./learning.loaders.ts";

/**
 * Catalog's deletion veto: a course anyone ever enrolled in, whatever became of the enrollment,
 * keeps its learners' records and is archived instead. Asked under the course's row lock:
 * enrolling takes a key-share lock on the course row (the foreign key), so no enrollment can
 * appear between this answer and the deletion's commit.
 */
export const refuseDeletingEnrolledCourse: CourseCheck = async (tx, courseId) => {
  const enrolled = (await tx.enrollment.findFirst({ where: { courseId }, select: { id: true } })) !== null;
  return enrolled ? conflict("Learners have enrolled in this course, so it cannot be deleted; archive it instead.", { reason: "COURSE_HAS_ENROLLMENTS" }) : null;
};

/** Catalog's popularity: each course's ACTIVE and COMPLETED enrollments (the index on course and status answers it). */
export const countLearnersByCourse: PopularitySource = async (db) => {
  const groups = await db.enrollment.groupBy({
    by: ["courseId"],
    where: { status: { in: ["ACTIVE", "COMPLETED"] } },
    _count: { _all: true },
  });
  return new Map(groups.map((group) => [group.courseId, group._count._all]));
};

/** Learning's viewing right: learners whose enrollment in the course is ACTIVE or COMPLETED. */
export async function viewerIsEnrolled(context: Context, course: CourseRow): Promise<boolean> {
  const enrollment = await context.loader(viewerEnrollmentByCourse).load(course.id);
  return enrollment !== null && grantsAccess(enrollment);
}

export const enrolledLearners: ViewingRight = (context, _video, course) => viewerIsEnrolled(context, course);

/**
 * Catalog's read right: the learners of a course that was archived or unpublished after they
 * enrolled keep seeing it, those whose enrollment ended too, so that their enrollments still name
 * it (watching stays for ACTIVE and COMPLETED ones). Everyone else sees such a course as absent.
 */
export const learnersKeepTheirCourse: CourseReadRight = async (context, course) =>
  (await context.loader(viewerEnrollmentByCourse).load(course.id)) !== null;

/**
 * Where learning's rights answer the viewer otherwise than an anonymous visitor
 * (Module.viewerScopes): the courses they are or were enrolled in, whose videos they may watch
 * and which they keep seeing once archived.
 */
export async function scopesOfEnrolledCourses(context: Context): Promise<string[]> {
  const viewer = context.viewer;
  return viewer ? (await enrolledCourseIds(context, viewer.userId)).map(coursePublicScope) : [];
}

async function findVisibleCourseArgument(context: Context, globalId: string): Promise<CourseRow> {
  const course = await findVisibleCourse(context, parseId(globalId, "Course", "courseId"));
  if (!course) throw notFound("Course");
  return course;
}

const enrollmentClosed = () =>
  conflict("This course takes no new enrollments: it is not published.", { reason: "ENROLLMENT_CLOSED" });

/**
 * Creates the enrollment unless the learner has one; answers theirs either way. The unique
 * (user, course) key makes concurrent calls insert one row, and the event is emitted only by the
 * call that inserted it.
 */
async function insertEnrollment(context: Context, userId: string, courseId: string, source: EnrollmentSource): Promise<EnrollmentRow> {
  return context.db.$transaction(async (tx) => {
    // ON CONFLICT DO NOTHING: the loser of a race inserts nothing and reads the winner's row.
    const inserted = await tx.enrollment.createManyAndReturn({ data: [{ userId, courseId, source }], skipDuplicates: true });
    if (inserted[0]) {
      await enrolled(tx, inserted[0]);
      return inserted[0];
    }
    return tx.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId, courseId } } });
  });
}

/** Free, published courses; enrolling again answers the existing enrollment, whatever became of it. */
export async function enroll(context: Context, courseGlobalId: string): Promise<EnrollmentRow> {
  const course = await findVisibleCourseArgument(context, courseGlobalId);
  const existing = await context.loader(viewerEnrollmentByCourse).load(course.id);
  if (existing) return existing;
  if (!takesEnrollments(course)) throw enrollmentClosed();
  if (!isFreeCourse(course)) {
    // Turning payments off never makes a paid course free: it says why buying cannot help now.
    if (!context.config.features.payments) throw paidCourseWhilePaymentsDisabled();
    throw paymentRequired("This course is paid for: buy it (startCheckout) to enroll; the purchase enrolls you once the payment succeeds.", { reason: "COURSE_NOT_FREE" });
  }
  const enrollment = await insertEnrollment(context, context.viewer!.userId, course.id, "FREE");
  // The rest of this request (the answer's course.viewerIsEnrolled, viewerProgress) sees the new enrollment.
  context.loader(viewerEnrollmentByCourse).clear(course.id).prime(course.id, enrollment);
  return enrollment;
}

/**
 * The course's owner or an admin enrolls someone without payment; an ended (revoked, refunded)
 * enrollment becomes ACTIVE again as a grant.
 */
export async function grantEnrollment(context: Context, courseGlobalId: string, userGlobalId: string): Promise<EnrollmentRow> {
  const course = await findVisibleCourseArgument(context, courseGlobalId);
  // Enrolling someone without payment is the course's management: its owner's or an admin's.
  await authorize(context, coursePolicy.manage, course, "Only the course's owner or an admin may enroll someone.");
  const userId = parseId(userGlobalId, "User", "userId");
  if (!(await findUser(context, userId))) throw notFound("User");
  if (!takesEnrollments(course)) throw enrollmentClosed();
  const enrollment = await insertEnrollment(context, userId, course.id, "GRANT");
  if (grantsAccess(enrollment)) return enrollment;
  return context.db.$transaction(async (tx) => {
    const renewed = await tx.enrollment.updateMany({
      where: { id: enrollment.id, status: { in: ["REVOKED", "REFUNDED"] } },
      data: { status: "ACTIVE", source: "GRANT", completedAt: null },
    });
    const current = await tx.enrollment.findUniqueOrThrow({ where: { id: enrollment.id } });
    if (renewed.count === 1) await enrolled(tx, current);
    return current;
  });
}

/** Admins: the learner loses access at once; revoking an ended enrollment changes nothing. */
export async function revokeEnrollment(context: Context, enrollmentGlobalId: string): Promise<EnrollmentRow> {
  const id = parseId(enrollmentGlobalId, "Enrollment", "enrollmentId");
  return context.db.$transaction(async (tx) => {
    const revoked = await tx.enrollment.updateManyAndReturn({
      where: { id, status: { in: ["ACTIVE", "COMPLETED"] } },
      data: { status: "REVOKED" },
    });
    if (revoked[0]) {
      await enrollmentRevoked(tx, revoked[0]);
      return revoked[0];
    }
    const enrollment = await tx.enrollment.findUnique({ where: { id } });
    if (!enrollment) throw notFound("Enrollment");
    return enrollment;
  });
}

/** The learner themselves, the course's instructors and admins. */
export async function findVisibleEnrollment(context: Context, id: string): Promise<EnrollmentRow | null> {
  const enrollment = await context.loader(enrollmentById).load(id);
  if (!enrollment || isOwnEnrollment(context, enrollment)) return enrollment;
  const course = await findVisibleCourse(context, enrollment.courseId);
  return course && (await isCourseEditor(context, course)) ? enrollment : null;
}

async function listEnrollments(context: Context, page: PageArgs, list: string, where: Prisma.EnrollmentWhereInput): Promise<Connection<EnrollmentRow>> {
  const window = pageWindow(context, page, list);
  const [afterId] = (window.after ?? []) as string[];
  const rows = await context.db.enrollment.findMany({
    where: afterId ? { AND: [where, { id: { lt: afterId } }] } : where,
    orderBy: { id: "desc" },
    take: window.limit + 1,
  });
  return toConnection(rows, window, (row) => [row.id], () => context.db.enrollment.count({ where }));
}

/** The viewer's enrollments, the newest first. */
export function myEnrollments(context: Context, page: PageArgs, status: EnrollmentStatus | null): Promise<Connection<EnrollmentRow>> {
  return listEnrollments(context, page, "myEnrollments", { userId: context.viewer!.userId, ...(status ? { status } : {}) });
}

/** The course's learners, the newest first: for its instructors and admins. */
export async function courseStudents(context: Context, courseGlobalId: string, page: PageArgs): Promise<Connection<EnrollmentRow>> {
  const course = await getEditableCourse(context, courseGlobalId, "courseId");
  return listEnrollments(context, page, "courseStudents", { courseId: course.id });
}

/** Whose enrollment in which course, for the purchases' effects (billing's listeners). */
export interface LearnerInCourse {
  userId: string;
  courseId: string;
}

/** In the caller's transaction when given one (billing decides and acts under one lock), else in a transaction of its own. */
const inTransaction = <T>(platform: Platform, tx: Transaction | undefined, work: (tx: Transaction) => Promise<T>): Promise<T> =>
  tx ? work(tx) : platform.db.$transaction(work);

/**
 * A successful payment's enrollment: created ACTIVE from PURCHASE, or an ended (refunded,
 * revoked) one renewed as a purchase; an enrollment that gives access already stays as it is.
 * Idempotent: a repeated call changes nothing and emits nothing. The course's status does not
 * matter: the learner paid.
 */
export async function enrollByPurchase(platform: Platform, { userId, courseId }: LearnerInCourse, tx?: Transaction): Promise<EnrollmentRow> {
  return inTransaction(platform, tx, async (tx) => {
    const inserted = await tx.enrollment.createManyAndReturn({ data: [{ userId, courseId, source: "PURCHASE" }], skipDuplicates: true });
    if (inserted[0]) {
      await enrolled(tx, inserted[0]);
      return inserted[0];
    }
    const renewed = await tx.enrollment.updateManyAndReturn({
      where: { userId, courseId, status: { in: ["REVOKED", "REFUNDED"] } },
      data: { status: "ACTIVE", source: "PURCHASE", completedAt: null, suspendedAt: null },
    });
    if (renewed[0]) {
      await enrolled(tx, renewed[0]);
      return renewed[0];
    }
    return tx.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId, courseId } } });
  });
}

/**
 * Ends the learner's access for good: REFUNDED (the payment went back) or REVOKED. An enrollment
 * already ended, or none, stays as it is (null when there is none); idempotent.
 */
export async function endEnrollment(
  platform: Platform,
  { userId, courseId, status }: LearnerInCourse & { status: "REFUNDED" | "REVOKED" },
  tx?: Transaction,
): Promise<EnrollmentRow | null> {
  return inTransaction(platform, tx, async (tx) => {
    const ended = await tx.enrollment.updateManyAndReturn({
      where: { userId, courseId, status: { in: ["ACTIVE", "COMPLETED"] } },
      data: { status, suspendedAt: null },
    });
    if (ended[0]) {
      await (status === "REFUNDED" ? enrollmentRefunded(tx, ended[0]) : enrollmentRevoked(tx, ended[0]));
      return ended[0];
    }
    return tx.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } } });
  });
}

/** No access while the payment that bought it is disputed; the enrollment keeps its status. Idempotent. */
export async function suspendEnrollment(platform: Platform, { userId, courseId }: LearnerInCourse, tx?: Transaction): Promise<EnrollmentRow | null> {
  return inTransaction(platform, tx, async (tx) => {
    const suspended = await tx.enrollment.updateManyAndReturn({
      where: { userId, courseId, status: { in: ["ACTIVE", "COMPLETED"] }, suspendedAt: null },
      data: { suspendedAt: new Date() },
    });
    if (suspended[0]) {
      await enrollmentSuspended(tx, suspended[0]);
      return suspended[0];
    }
    return tx.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } } });
  });
}

/** Access again once the dispute is won. Idempotent. */
export async function resumeEnrollment(platform: Platform, { userId, courseId }: LearnerInCourse, tx?: Transaction): Promise<EnrollmentRow | null> {
  return inTransaction(platform, tx, async (tx) => {
    const resumed = await tx.enrollment.updateManyAndReturn({
      where: { userId, courseId, suspendedAt: { not: null } },
      data: { suspendedAt: null },
    });
    if (resumed[0]) {
      await enrollmentResumed(tx, resumed[0]);
      return resumed[0];
    }
    return tx.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } } });
  });
}
