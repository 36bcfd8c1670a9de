// Enrollments as other modules need them.
import type { Transaction } from "../../platform/db.ts";

/**
 * Whether anyone ever enrolled in the course, whatever became of the enrollment. Call it under
 * the course's row lock: enrolling takes a key-share lock on the course row (the foreign key),
 * so no enrollment can appear between this answer and the caller's commit.
 */
export async function hasEverHadEnrollments(tx: Transaction, courseId: string): Promise<boolean> {
  return (await tx.enrollment.findFirst({ where: { courseId }, select: { id: true } })) !== null;
}
