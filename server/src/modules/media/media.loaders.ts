import type { Section, Video } from "../../generated/prisma/client.ts";
import { defineLoader, groupBy, pickBy } from "../../platform/context.ts";

/**
 * A video without its transcript (up to 1 MB), loaded only when asked for, and without the
 * processed file's technical details, which no field shows: a catalog page holds hundreds of
 * videos, and every column costs the client time on every row (the full row took more than
 * twice as long to load).
 */
const UNLISTED = {
  transcriptVtt: true,
  audioCodec: true,
  videoCodec: true,
  exactDurationSeconds: true,
  width: true,
  height: true,
  sizeBytes: true,
  processedAt: true,
  processingStartedAt: true,
} as const;
export type VideoRow = Omit<Video, keyof typeof UNLISTED>;

export const sectionById = defineLoader<string, Section | null>("sectionById", async (context, ids) =>
  pickBy(ids, await context.db.section.findMany({ where: { id: { in: [...ids] } } }), (section) => section.id),
);

export const videoById = defineLoader<string, VideoRow | null>("videoById", async (context, ids) =>
  pickBy(ids, await context.db.video.findMany({ where: { id: { in: [...ids] } }, omit: UNLISTED }), (video) => video.id),
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
    omit: UNLISTED,
  });
  return groupBy(courseIds, rows, (row) => row.courseId);
});
