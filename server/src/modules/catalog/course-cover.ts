// A course's cover image: uploaded by its instructors straight to storage (like a video, but one
// small file checked here rather than processed), else the http(s) URL they set.
import { validate as isUuid, v7 as uuidv7 } from "uuid";
import type { Context } from "../../platform/context.ts";
import { badInput, conflict } from "../../platform/errors.ts";
import type { Platform } from "../../platform/platform.ts";
import { hasSignature } from "../../platform/storage/file-signatures.ts";
import { type CourseRow, forgetCourse } from "./course.loaders.ts";
import { getEditableCourse } from "./course.policy.ts";
import { lockCourse } from "./course.service.ts";

export const COVER_MAX_BYTES = 5 * 1024 * 1024;

/** The image types a cover may have, each with its file extension and how its bytes begin. */
const COVER_TYPES = {
  "image/png": { extension: "png", signature: "png" },
  "image/jpeg": { extension: "jpg", signature: "jpeg" },
  "image/webp": { extension: "webp", signature: "webp" },
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
  const head = (await context.storage.readStart(key, 16)) ?? Buffer.alloc(0);
  if (!hasSignature(announced[1].signature, head)) return `is not a ${announced[1].extension.toUpperCase()} image`;
  return null;
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
