// A course's cover image: uploaded by its instructors straight to storage (like a video, but one
// small file checked here rather than processed), else the http(s) URL they set.
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { validate as isUuid, v7 as uuidv7 } from "uuid";
import type { Context } from "../../platform/context.ts";
import { badInput, conflict } from "../../platform/errors.ts";
import type { Platform } from "../../platform/platform.ts";
import { type CourseRow, forgetCourse } from "./course.loaders.ts";
import { getEditableCourse } from "./course.policy.ts";
import { lockCourse } from "./course.service.ts";

export const COVER_MAX_BYTES = 5 * 1024 * 1024;

/** The image types a cover may have, each with its file extension and how its bytes begin. */
const COVER_TYPES = {
  "image/png": { extension: "png", matches: (head: Buffer) => head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  "image/jpeg": { extension: "jpg", matches: (head: Buffer) => head.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])) },
  "image/webp": {
    extension: "webp",
    matches: (head: Buffer) => head.subarray(0, 4).toString("latin1") === "RIFF" && head.subarray(8, 12).toString("latin1") === "WEBP",
  },
} as const;
type CoverType = keyof typeof COVER_TYPES;
const isCoverType = (type: string): type is CoverType => Object.hasOwn(COVER_TYPES, type);

/** Every course's files live under this prefix. */
export const COURSES_PREFIX = "courses/";
const coversPrefix = (courseId: string) => `${COURSES_PREFIX}${courseId}/covers/`;
const COVER_KEY = /^courses\/([0-9a-f-]{36})\/covers\/([0-9a-f-]{36})\.(png|jpg|webp)$/;

export interface CoverUploadPlan {
  uploadId: string;
  url: string;
  expiresAt: Date;
}

/** A signed PUT for one image of the allowed types and size; completeCourseCoverUpload makes it the cover. */
export async function startCourseCoverUpload(
  context: Context,
  courseGlobalId: string,
  input: { contentType: string; sizeBytes: number },
): Promise<CoverUploadPlan> {
  const course = await getEditableCourse(context, courseGlobalId, "courseId");
  const contentType = input.contentType.trim().toLowerCase();
  if (!isCoverType(contentType)) throw badInput({ contentType: "must be a PNG, JPEG or WebP image" });
  if (!Number.isInteger(input.sizeBytes) || input.sizeBytes < 1 || input.sizeBytes > COVER_MAX_BYTES) {
    throw badInput({ sizeBytes: "must be at most 5 MB" });
  }
  const uploadId = `${uuidv7()}.${COVER_TYPES[contentType].extension}`;
  const ttl = context.config.uploads.urlTtlSeconds;
  // The URL takes exactly this type and length: what arrives is checked again on completion all the same.
  const put = await context.storage.presignPut(`${coversPrefix(course.id)}${uploadId}`, { contentType, contentLength: input.sizeBytes, expiresInSeconds: ttl });
  return { uploadId, url: put.url, expiresAt: new Date(Date.now() + ttl * 1000) };
}

/**
 * Checks the uploaded file (there, small enough, an image of the type it was announced as) and
 * makes it the course's cover, replacing the previous one. A refused file is deleted.
 */
export async function completeCourseCoverUpload(context: Context, courseGlobalId: string, uploadId: string): Promise<CourseRow> {
  const course = await getEditableCourse(context, courseGlobalId, "courseId");
  const key = `${coversPrefix(course.id)}${uploadId}`;
  const parsed = COVER_KEY.exec(key);
  if (!parsed || !isUuid(parsed[2])) throw badInput({ uploadId: "is not an upload of this course's cover" });
  if (key === course.coverKey) throw conflict("This image is already the course's cover.", { reason: "COVER_UNCHANGED" });
  const stored = await context.storage.head(key);
  if (!stored) throw badInput({ uploadId: "has no uploaded file yet; upload the image first" });
  const refusal = await coverRefusal(context, key, stored);
  if (refusal) {
    await context.storage.delete(key);
    throw badInput({ uploadId: refusal });
  }
  const previousKey = await replaceCover(context, course.id, key);
  await removeOtherCovers(context, course.id, key, previousKey);
  return getEditableCourse(context, courseGlobalId, "courseId");
}

/** Removes the uploaded cover and the cover URL: the course then shows its first ready video's thumbnail. */
export async function removeCourseCover(context: Context, courseGlobalId: string): Promise<CourseRow> {
  const course = await getEditableCourse(context, courseGlobalId, "courseId");
  const previousKey = await replaceCover(context, course.id, null);
  await removeOtherCovers(context, course.id, null, previousKey);
  return getEditableCourse(context, courseGlobalId, "courseId");
}

/** Sets the uploaded cover (or none) and drops the cover URL: one cover at a time. Answers the previous cover's key. */
async function replaceCover(context: Context, courseId: string, coverKey: string | null): Promise<string | null> {
  const previousKey = await context.db.$transaction(async (tx) => {
    await lockCourse(tx, courseId);
    const { coverKey: previous } = await tx.course.findUniqueOrThrow({ where: { id: courseId }, select: { coverKey: true } });
    await tx.course.update({ where: { id: courseId }, data: { coverKey, thumbnailUrl: null } });
    return previous;
  });
  forgetCourse(context, courseId);
  return previousKey;
}

/** The signed URL of the uploaded cover, else the URL the instructors set; null when there is neither. */
export async function ownCoverUrl(context: Context, course: CourseRow): Promise<string | null> {
  if (course.coverKey) return (await context.storage.playbackUrl(course.coverKey, context.config.videoUrlTtlSeconds)).url;
  return course.thumbnailUrl;
}

/** Local storage asks before taking bytes: only a cover key of an existing course that is not its cover yet. */
export async function isCoverUploadOpen(platform: Platform, key: string): Promise<boolean> {
  const parsed = COVER_KEY.exec(key);
  if (!parsed || !isUuid(parsed[1]) || !isUuid(parsed[2])) return false;
  const course = await platform.db.course.findUnique({ where: { id: parsed[1] }, select: { coverKey: true } });
  return course !== null && course.coverKey !== key;
}

/** Once the course's deletion has committed; a file already gone is fine, so a repeated delivery is too. */
export async function deleteCourseCovers(platform: Platform, courseId: string): Promise<void> {
  await platform.storage.deletePrefix(coversPrefix(courseId));
}

async function coverRefusal(context: Context, key: string, stored: { sizeBytes: number; contentType: string }): Promise<string | null> {
  if (stored.sizeBytes > COVER_MAX_BYTES) return "is larger than 5 MB";
  const announced = Object.entries(COVER_TYPES).find(([, type]) => key.endsWith(`.${type.extension}`));
  if (!announced) return "is not a PNG, JPEG or WebP image";
  const head = await firstBytes(context, key, 16);
  if (!announced[1].matches(head)) return `is not a ${announced[1].extension.toUpperCase()} image`;
  return null;
}

/** The storage API reads whole objects; a cover is small enough to fetch for its first bytes. */
async function firstBytes(context: Context, key: string, count: number): Promise<Buffer> {
  const workDir = await mkdtemp(path.join(tmpdir(), "cover-"));
  try {
    const filePath = path.join(workDir, "cover");
    await context.storage.downloadToFile(key, filePath);
    const file = await open(filePath, "r");
    try {
      const buffer = Buffer.alloc(count);
      const { bytesRead } = await file.read(buffer, 0, count, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** The previous cover, and images uploaded but never made the cover; a failure only costs storage. */
async function removeOtherCovers(context: Context, courseId: string, keep: string | null, previousKey: string | null): Promise<void> {
  try {
    if (previousKey && previousKey !== keep) await context.storage.delete(previousKey);
    for await (const page of context.storage.listObjects(coversPrefix(courseId))) {
      for (const object of page) if (object.key !== keep) await context.storage.delete(object.key);
    }
  } catch (error) {
    context.log.warn({ err: error, courseId }, "could not remove a course's old cover images");
  }
}
