import type { Course } from "../../generated/prisma/client.ts";
import { defineLoader, groupBy, pickBy, type Context } from "../../platform/context.ts";
import { Prisma, readRows, selectList } from "../../platform/db.ts";

export type CourseRow = Course;

/** The columns of a `Course` row from `courses c`, for raw reads on the catalog's hot paths. */
export const COURSE_SELECT = selectList<Course>(
  {
    id: "id",
    slug: "slug",
    title: "title",
    subtitle: "subtitle",
    description: "description",
    status: "status",
    priceCents: "price_cents",
    currency: "currency",
    tags: "tags",
    thumbnailUrl: "thumbnail_url",
    coverKey: "cover_key",
    ownerId: "owner_id",
    popularity: "popularity",
    ratingSum: "rating_sum",
    ratingCount: "rating_count",
    publishedAt: "published_at",
    createdAt: "created_at",
    updatedAt: "updated_at",
  },
  "c",
);

export const courseById = defineLoader<string, Course | null>("courseById", async (context, ids) => {
  const rows = await readRows<Course>(context.db, Prisma.sql`SELECT ${COURSE_SELECT} FROM courses c WHERE c.id = ANY(${ids}::uuid[])`);
  return pickBy(ids, rows, (course) => course.id);
});

/** Co-instructors' user ids of `courses c` as an array column, in coInstructorIdsByCourse's order. */
export const CO_INSTRUCTOR_IDS = Prisma.sql`ARRAY(
  SELECT ci.user_id::text FROM course_instructors ci WHERE ci.course_id = c.id ORDER BY ci.added_at, ci.user_id)`;

/** Co-instructors' user ids per course, in the order they were added. */
export const coInstructorIdsByCourse = defineLoader<string, string[]>("coInstructorIdsByCourse", async (context, ids) => {
  const rows = await readRows<{ courseId: string; userId: string }>(context.db, Prisma.sql`
    SELECT course_id AS "courseId", user_id AS "userId" FROM course_instructors
    WHERE course_id = ANY(${ids}::uuid[]) ORDER BY added_at, user_id`);
  return groupBy(ids, rows, (row) => row.courseId).map((group) => group.map((row) => row.userId));
});

export const courseIdBySlug = defineLoader<string, string | null>("courseIdBySlug", async (context, slugs) => {
  const rows = await context.db.course.findMany({ where: { slug: { in: [...slugs] } }, select: { id: true, slug: true } });
  return pickBy(slugs, rows, (row) => row.slug).map((row) => row?.id ?? null);
});

/** The courses a user owns or co-teaches. */
export async function taughtCourseIds(context: Context, userId: string): Promise<string[]> {
  const rows = await readRows<{ id: string }>(context.db, Prisma.sql`
    SELECT id FROM courses WHERE owner_id = ${userId}::uuid
    UNION SELECT course_id FROM course_instructors WHERE user_id = ${userId}::uuid`);
  return rows.map((row) => row.id);
}

/** Forgets cached rows after a change, so the rest of the request sees the new state. */
export function forgetCourse(context: Context, id: string): void {
  context.loader(courseById).clear(id);
  context.loader(coInstructorIdsByCourse).clear(id);
}
