// A course's rating as the catalog keeps it on its row (courses.rating_sum, rating_count): the
// RATING order sorts on it within the catalog's own table, and a change to it, written in the
// transaction that changed a review, drops the kept catalog pages and course pages that showed it
// (the courses table's triggers notify `course:<id>` and `courses`). The reviews module, which
// comes after the catalog, hands it over through recordCourseRating; the catalog never reads reviews.
import type { Transaction } from "../../platform/db.ts";
import type { CourseRow } from "./course.loaders.ts";

export interface CourseRatingTotals {
  /** The sum of the ratings that count (1 to 5 each). */
  sum: number;
  count: number;
}

/**
 * Stores the course's rating totals, only when they changed: an unchanged rating writes nothing,
 * so the data change feed hears nothing and kept pages stay.
 */
export async function recordCourseRating(tx: Transaction, courseId: string, { sum, count }: CourseRatingTotals): Promise<void> {
  await tx.$executeRaw`
    UPDATE courses SET rating_sum = ${sum}::int, rating_count = ${count}::int
    WHERE id = ${courseId}::uuid AND (rating_sum, rating_count) IS DISTINCT FROM (${sum}::int, ${count}::int)`;
}

/** The average shown, to one decimal; null when nobody's rating counts. */
export function averageRating(course: Pick<CourseRow, "ratingSum" | "ratingCount">): number | null {
  return course.ratingCount === 0 ? null : Math.round((course.ratingSum / course.ratingCount) * 10) / 10;
}
