import type { Course } from "../../generated/prisma/client.ts";
import { defineLoader, groupBy, pickBy } from "../../platform/context.ts";

export const courseById = defineLoader<string, Course | null>("courseById", async (context, ids) =>
  pickBy(ids, await context.db.course.findMany({ where: { id: { in: [...ids] } } }), (course) => course.id),
);

/** Co-instructors' user ids per course, in the order they were added. */
export const coInstructorIdsByCourse = defineLoader<string, string[]>("coInstructorIdsByCourse", async (context, ids) => {
  const rows = await context.db.courseInstructor.findMany({
    where: { courseId: { in: [...ids] } },
    orderBy: [{ addedAt: "asc" }, { userId: "asc" }],
  });
  return groupBy(ids, rows, (row) => row.courseId).map((group) => group.map((row) => row.userId));
});

export const courseIdBySlug = defineLoader<string, string | null>("courseIdBySlug", async (context, slugs) => {
  const rows = await context.db.course.findMany({ where: { slug: { in: [...slugs] } }, select: { id: true, slug: true } });
  return pickBy(slugs, rows, (row) => row.slug).map((row) => row?.id ?? null);
});
