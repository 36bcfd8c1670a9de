// The signed, expiring URLs a video is watched (and its thumbnail seen) with, and what only its team reads of it.
import type { Context } from "../../platform/context.ts";
import { may } from "../../platform/policy.ts";
import { findVisibleCourse } from "../catalog/index.ts";
import { processingErrorDetailByVideo, streamingFilesByVideo, type VideoRow } from "./media.loaders.ts";
import type { VideoPlayback, VideoRendition } from "./upload.type.ts";
import { folderOf } from "./video-files.ts";
import { videoPolicy } from "./video.policy.ts";

export async function videoPlayback(context: Context, video: VideoRow): Promise<VideoPlayback | null> {
  if (!video.fileKey || !video.mimeType || !(await may(context, videoPolicy.watch, video))) return null;
  const ttl = context.config.videoUrlTtlSeconds;
  const { url, expiresAt } = await context.storage.playbackUrl(video.fileKey, ttl);
  const streamed = async (key: string | null) => (key ? ((await context.storage.streamingUrl(key, folderOf(key), ttl))?.url ?? null) : null);
  const files = await context.loader(streamingFilesByVideo).load(video.id);
  const [hlsUrl, thumbnailsVttUrl] = await Promise.all([streamed(files?.hlsMasterKey ?? null), streamed(files?.thumbnailsVttKey ?? null)]);
  const posterUrl = files?.posterKey ? (await context.storage.playbackUrl(files.posterKey, ttl)).url : null;
  const renditions = hlsUrl ? ((files?.hlsRenditions ?? []) as unknown as VideoRendition[]) : [];
  return { url, expiresAt, mimeType: video.mimeType, hlsUrl, renditions, posterUrl, thumbnailsVttUrl };
}

/** Thumbnails are part of the catalog: for anyone who can see the course. */
export async function thumbnailUrl(context: Context, video: VideoRow): Promise<string | null> {
  if (!video.thumbnailKey || !(await findVisibleCourse(context, video.courseId))) return null;
  return (await context.storage.playbackUrl(video.thumbnailKey, context.config.videoUrlTtlSeconds)).url;
}

/** Answered null to whom videoPolicy.seeProcessingError refuses. */
export async function processingError(context: Context, video: VideoRow): Promise<string | null> {
  if (!video.processingError) return null;
  return (await may(context, videoPolicy.seeProcessingError, video)) ? video.processingError : null;
}

/**
 * Answered null to whom videoPolicy.seeProcessingDetail refuses, as the fields above are, not
 * refused, since a mutation's caller reads all the video it returns.
 */
export async function processingErrorDetail(context: Context, video: VideoRow): Promise<string | null> {
  if (!video.processingError || !(await may(context, videoPolicy.seeProcessingDetail, video))) return null;
  return context.loader(processingErrorDetailByVideo).load(video.id);
}
