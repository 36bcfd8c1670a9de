// DataLoaders over course_reviews: a catalog or course page asks once for all its courses.
import type { CourseReview } from "../../generated/prisma/client.ts";
import { defineLoader, groupBy, pickBy } from "../../platform/context.ts";
import { Prisma, readRows, selectList } from "../../platform/db.ts";

export type ReviewRow = CourseReview;

/** The columns of a `CourseReview` row from `course_reviews r`. */
export const REVIEW_SELECT = selectList<CourseReview>(
  {
    id: "id",
    courseId: "course_id",
    userId: "user_id",
    rating: "rating",
    text: "text",
    edited: "edited",
    createdAt: "created_at",
    updatedAt: "updated_at",
    hiddenAt: "hidden_at",
    hiddenReason: "hidden_reason",
    hiddenById: "hidden_by_id",
    replyText: "reply_text",
    replyAuthorId: "reply_author_id",
    repliedAt: "replied_at",
    replyUpdatedAt: "reply_updated_at",
  },
  "r",
);

export const reviewById = defineLoader<string, ReviewRow | null>("reviewById", async (context, ids) => {
  const rows = await readRows<ReviewRow>(context.db, Prisma.sql`SELECT ${REVIEW_SELECT} FROM course_reviews r WHERE r.id = ANY(${ids}::uuid[])`);
  return pickBy(ids, rows, (review) => review.id);
});

/** The viewer's own review of each course (hidden or not); the loader is the request's, so its viewer's. */
export const viewerReviewByCourse = defineLoader<string, ReviewRow | null>("viewerReviewByCourse", async (context, courseIds) => {
  const userId = context.viewer?.userId;
  if (!userId) return courseIds.map(() => null);
  const rows = await readRows<ReviewRow>(context.db, Prisma.sql`
    SELECT ${REVIEW_SELECT} FROM course_reviews r WHERE r.user_id = ${userId}::uuid AND r.course_id = ANY(${courseIds}::uuid[])`);
  return pickBy(courseIds, rows, (review) => review.courseId);
});

/** How many visible reviews rated 1, 2, 3, 4 and 5, per course. */
export const ratingDistributionByCourse = defineLoader<string, number[]>("ratingDistributionByCourse", async (context, courseIds) => {
  const rows = await readRows<{ courseId: string; rating: number; count: number }>(context.db, Prisma.sql`
    SELECT course_id AS "courseId", rating::int AS rating, count(*)::int AS count FROM course_reviews
    WHERE course_id = ANY(${courseIds}::uuid[]) AND hidden_at IS NULL GROUP BY course_id, rating`);
  return groupBy(courseIds, rows, (row) => row.courseId).map((group) => {
    const distribution = [0, 0, 0, 0, 0];
    for (const row of group) distribution[row.rating - 1] = row.count;
    return distribution;
  });
});
