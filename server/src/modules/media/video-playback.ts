// Who may watch a video, and the signed, expiring URLs they watch it (and see its thumbnail) with.
import type { Context } from "../../platform/context.ts";
import { findVisibleCourse, isCourseEditor } from "../catalog/index.ts";
import { viewingRights, type ViewingRight } from "./media.extensions.ts";
import { processingErrorDetailByVideo, type VideoRow } from "./media.loaders.ts";
import type { VideoPlayback } from "./upload.type.ts";

/** Someone who can see the course, and whom one of the viewing rights lets watch the video. */
async function mayWatch(context: Context, video: VideoRow): Promise<boolean> {
  const course = await findVisibleCourse(context, video.courseId);
  if (!course) return false;
  for (const mayWatchAs of context.extensions.of(viewingRights)) if (await mayWatchAs(context, video, course)) return true;
  return false;
}

/** Media's own viewing right: anyone on a preview; the course's instructors and admins always. */
export const previewsAndCourseTeam: ViewingRight = async (context, video, course) => video.isPreview || isCourseEditor(context, course);

export async function videoPlayback(context: Context, video: VideoRow): Promise<VideoPlayback | null> {
  if (!video.fileKey || !video.mimeType || !(await mayWatch(context, video))) return null;
  const { url, expiresAt } = await context.storage.playbackUrl(video.fileKey, context.config.videoUrlTtlSeconds);
  return { url, expiresAt, mimeType: video.mimeType };
}

/** Thumbnails are part of the catalog: for anyone who can see the course. */
export async function thumbnailUrl(context: Context, video: VideoRow): Promise<string | null> {
  if (!video.thumbnailKey || !(await findVisibleCourse(context, video.courseId))) return null;
  return (await context.storage.playbackUrl(video.thumbnailKey, context.config.videoUrlTtlSeconds)).url;
}

/** Why the last upload could not be processed: for the course's instructors and admins. */
export async function processingError(context: Context, video: VideoRow): Promise<string | null> {
  if (!video.processingError) return null;
  const course = await findVisibleCourse(context, video.courseId);
  return course && (await isCourseEditor(context, course)) ? video.processingError : null;
}

/**
 * The technical cause of processingError: for admins only, answered null to others as the fields
 * above are, not refused, since a mutation's caller reads all the video it returns.
 */
export async function processingErrorDetail(context: Context, video: VideoRow): Promise<string | null> {
  if (!video.processingError || context.viewer?.role !== "ADMIN") return null;
  return context.loader(processingErrorDetailByVideo).load(video.id);
}
