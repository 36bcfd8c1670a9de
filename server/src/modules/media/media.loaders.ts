import type { Section, Video } from "../../generated/prisma/client.ts";
import { defineLoader, groupBy, pickBy } from "../../platform/context.ts";

export const sectionById = defineLoader<string, Section | null>("sectionById", async (context, ids) =>
  pickBy(ids, await context.db.section.findMany({ where: { id: { in: [...ids] } } }), (section) => section.id),
);

export const videoById = defineLoader<string, Video | null>("videoById", async (context, ids) =>
  pickBy(ids, await context.db.video.findMany({ where: { id: { in: [...ids] } } }), (video) => video.id),
);

/** A course's sections in order. */
export const sectionsByCourse = defineLoader<string, Section[]>("sectionsByCourse", async (context, courseIds) => {
  const rows = await context.db.section.findMany({ where: { courseId: { in: [...courseIds] } }, orderBy: { position: "asc" } });
  return groupBy(courseIds, rows, (row) => row.courseId);
});

/** All of a course's videos, by position within their groups; playing order needs the sections too. */
export const videosByCourse = defineLoader<string, Video[]>("videosByCourse", async (context, courseIds) => {
  const rows = await context.db.video.findMany({ where: { courseId: { in: [...courseIds] } }, orderBy: { position: "asc" } });
  return groupBy(courseIds, rows, (row) => row.courseId);
});
