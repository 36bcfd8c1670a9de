import type { Section, Video } from "../../generated/prisma/client.ts";
import { defineLoader, groupBy, pickBy } from "../../platform/context.ts";

/** A video without its transcript (up to 1 MB), which is loaded only when asked for. */
export type VideoRow = Omit<Video, "transcriptVtt">;
const WITHOUT_TRANSCRIPT = { transcriptVtt: true } as const;

export const sectionById = defineLoader<string, Section | null>("sectionById", async (context, ids) =>
  pickBy(ids, await context.db.section.findMany({ where: { id: { in: [...ids] } } }), (section) => section.id),
);

export const videoById = defineLoader<string, VideoRow | null>("videoById", async (context, ids) =>
  pickBy(ids, await context.db.video.findMany({ where: { id: { in: [...ids] } }, omit: WITHOUT_TRANSCRIPT }), (video) => video.id),
);

export const transcriptByVideo = defineLoader<string, string | null>("transcriptByVideo", async (context, ids) => {
  const rows = await context.db.video.findMany({ where: { id: { in: [...ids] } }, select: { id: true, transcriptVtt: true } });
  return pickBy(ids, rows, (row) => row.id).map((row) => row?.transcriptVtt ?? null);
});

/** A course's sections in order. */
export const sectionsByCourse = defineLoader<string, Section[]>("sectionsByCourse", async (context, courseIds) => {
  const rows = await context.db.section.findMany({ where: { courseId: { in: [...courseIds] } }, orderBy: { position: "asc" } });
  return groupBy(courseIds, rows, (row) => row.courseId);
});

/** All of a course's videos, by position within their groups; playing order needs the sections too. */
export const videosByCourse = defineLoader<string, VideoRow[]>("videosByCourse", async (context, courseIds) => {
  const rows = await context.db.video.findMany({
    where: { courseId: { in: [...courseIds] } },
    orderBy: { position: "asc" },
    omit: WITHOUT_TRANSCRIPT,
  });
  return groupBy(courseIds, rows, (row) => row.courseId);
});
