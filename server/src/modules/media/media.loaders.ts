import type { Section, Video, VideoResource } from "../../generated/prisma/client.ts";
import { defineLoader, groupBy, pickBy } from "../../platform/context.ts";
import { Prisma, readRows, selectList, type Database } from "../../platform/db.ts";

/**
 * A video without its transcript (up to 1 MB), loaded only when asked for, and without the
 * processed file's technical details, which no field shows: a catalog page holds hundreds of
 * videos, and every column costs time on every row.
 */
export type VideoRow = Omit<
  Video,
  | "transcriptVtt"
  | "audioCodec"
  | "videoCodec"
  | "width"
  | "height"
  | "sizeBytes"
  | "processedAt"
  | "processingStartedAt"
  | "processingErrorDetail"
  | StreamingColumn
>;

type StreamingColumn = "hlsMasterKey" | "hlsRenditions" | "posterKey" | "thumbnailsVttKey";
export type StreamingFilesRow = Pick<Video, StreamingColumn>;

const VIDEO_SELECT = selectList<VideoRow>(
  {
    id: "id",
    courseId: "course_id",
    sectionId: "section_id",
    title: "title",
    description: "description",
    position: "position",
    status: "status",
    isPreview: "is_preview",
    durationSeconds: "duration_seconds",
    exactDurationSeconds: "exact_duration_seconds",
    fileKey: "file_key",
    thumbnailKey: "thumbnail_key",
    mimeType: "mime_type",
    processingError: "processing_error",
    processingPercent: "processing_percent",
    createdAt: "created_at",
    updatedAt: "updated_at",
  },
  "v",
);

const SECTION_SELECT = selectList<Section>(
  { id: "id", courseId: "course_id", title: "title", position: "position", createdAt: "created_at", updatedAt: "updated_at" },
  "s",
);

export const sectionById = defineLoader<string, Section | null>("sectionById", async (context, ids) => {
  const rows = await readRows<Section>(context.db, Prisma.sql`SELECT ${SECTION_SELECT} FROM sections s WHERE s.id = ANY(${ids}::uuid[])`);
  return pickBy(ids, rows, (section) => section.id);
});

export const videoById = defineLoader<string, VideoRow | null>("videoById", async (context, ids) => {
  const rows = await readRows<VideoRow>(context.db, Prisma.sql`SELECT ${VIDEO_SELECT} FROM videos v WHERE v.id = ANY(${ids}::uuid[])`);
  return pickBy(ids, rows, (video) => video.id);
});

export const transcriptByVideo = defineLoader<string, string | null>("transcriptByVideo", async (context, ids) => {
  const rows = await context.db.video.findMany({ where: { id: { in: [...ids] } }, select: { id: true, transcriptVtt: true } });
  return pickBy(ids, rows, (row) => row.id).map((row) => row?.transcriptVtt ?? null);
});

/**
 * The probed duration learners' progress is measured against (durationSeconds is it rounded up),
 * else the rounded one for a video that has no probe; null for a video without a file.
 */
export const exactDurationOf = (video: VideoRow): number | null => video.exactDurationSeconds ?? video.durationSeconds ?? null;

/** exactDurationOf for work outside a request (analytics' rollups), by video id; a video without a file has none. */
export async function exactDurations(db: Pick<Database, "$queryRaw">, ids: readonly string[]): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ id: string; seconds: number | null }[]>`
    SELECT id, coalesce(exact_duration_seconds, duration_seconds)::float8 AS seconds FROM videos WHERE id = ANY(${ids}::uuid[])`;
  return new Map(rows.filter((row) => row.seconds !== null).map((row) => [row.id, row.seconds!]));
}

/** For players, right before playing one video. */
export const streamingFilesByVideo = defineLoader<string, StreamingFilesRow | null>("streamingFilesByVideo", async (context, ids) => {
  const rows = await context.db.video.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, hlsMasterKey: true, hlsRenditions: true, posterKey: true, thumbnailsVttKey: true },
  });
  return pickBy(ids, rows, (row) => row.id);
});

/** For admins, who see few failed videos at a time. */
export const processingErrorDetailByVideo = defineLoader<string, string | null>("processingErrorDetailByVideo", async (context, ids) => {
  const rows = await context.db.video.findMany({ where: { id: { in: [...ids] } }, select: { id: true, processingErrorDetail: true } });
  return pickBy(ids, rows, (row) => row.id).map((row) => row?.processingErrorDetail ?? null);
});

/** A course's sections and its videos, each by position; playing order needs both. */
export interface CourseStructure {
  sections: Section[];
  videos: VideoRow[];
}

/**
 * Sections and videos in one statement (a page showing sections shows their videos too): the
 * sections come as rows of the videos' shape, told apart by their status, which no video lacks.
 */
export const structureByCourse = defineLoader<string, CourseStructure>("structureByCourse", async (context, courseIds) => {
  const rows = await readRows<VideoRow>(context.db, Prisma.sql`
    SELECT ${VIDEO_SELECT} FROM videos v WHERE v.course_id = ANY(${courseIds}::uuid[])
    UNION ALL
    SELECT s.id, s.course_id, NULL, s.title, NULL, s.position, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, s.created_at, s.updated_at
    FROM sections s WHERE s.course_id = ANY(${courseIds}::uuid[])
    ORDER BY "position"`);
  const videos: VideoRow[] = [];
  const sections: Section[] = [];
  for (const row of rows) {
    if (row.status !== null) videos.push(row);
    else sections.push({ id: row.id, courseId: row.courseId, title: row.title, position: row.position, createdAt: row.createdAt, updatedAt: row.updatedAt });
  }
  const sectionGroups = groupBy(courseIds, sections, (section) => section.courseId);
  const videoGroups = groupBy(courseIds, videos, (video) => video.courseId);
  return courseIds.map((_, index) => ({ sections: sectionGroups[index], videos: videoGroups[index] }));
});

/** A video's READY resources, in order: a lesson list shows them for every video at once. */
export const resourcesByVideo = defineLoader<string, VideoResource[]>("resourcesByVideo", async (context, videoIds) => {
  const rows = await context.db.videoResource.findMany({
    where: { videoId: { in: [...videoIds] }, status: "READY" },
    orderBy: [{ videoId: "asc" }, { position: "asc" }],
  });
  return groupBy(videoIds, rows, (row) => row.videoId);
});
