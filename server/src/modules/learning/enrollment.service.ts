// Enrollments as other modules need them.
import { conflict } from "../../platform/errors.ts";
import type { CourseCheck, PopularitySource } from "../catalog/index.ts";

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
