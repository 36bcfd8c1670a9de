// A course's structure as its pages show it: sections in order, videos in playing order.
import type { Section } from "../../generated/prisma/client.ts";
import type { Context } from "../../platform/context.ts";
import { ownCoverUrl, type CourseRow } from "../catalog/index.ts";
import { structureByCourse, type VideoRow } from "./media.loaders.ts";

export async function sectionsOf(context: Context, courseId: string): Promise<Section[]> {
  return (await context.loader(structureByCourse).load(courseId)).sections;
}

/** By position within their groups; see videosInPlayingOrder. */
export async function videosOf(context: Context, courseId: string): Promise<VideoRow[]> {
  return (await context.loader(structureByCourse).load(courseId)).videos;
}

/** Unsectioned videos first (an introduction, say), then each section's, by position. */
export async function videosInPlayingOrder(context: Context, courseId: string): Promise<VideoRow[]> {
  const { sections, videos } = await context.loader(structureByCourse).load(courseId);
  const rank = new Map<string | null, number>([[null, -1], ...sections.map((s): [string, number] => [s.id, s.position])]);
  return [...videos].sort((a, b) => rank.get(a.sectionId)! - rank.get(b.sectionId)! || a.position - b.position);
}

export async function videosOfSection(context: Context, section: Section): Promise<VideoRow[]> {
  const videos = await videosOf(context, section.courseId);
  return videos.filter((video) => video.sectionId === section.id);
}

export async function totalDurationSeconds(context: Context, courseId: string): Promise<number> {
  const videos = await videosOf(context, courseId);
  return videos.reduce((sum, video) => sum + (video.durationSeconds ?? 0), 0);
}

/** Through the course's sections, which a page showing videos has usually loaded already. */
export async function sectionOfVideo(context: Context, video: VideoRow): Promise<Section | null> {
  if (!video.sectionId) return null;
  return (await sectionsOf(context, video.courseId)).find((section) => section.id === video.sectionId) ?? null;
}

/**
 * The course's cover as pages show it: its own (catalog's), else the thumbnail of its first READY
 * video in playing order. A course's cover is public like the course; the frame comes from the
 * structure a catalog page loads for its video counts anyway, so it costs no statement of its own.
 */
export async function courseCoverUrl(context: Context, course: CourseRow): Promise<string | null> {
  const own = await ownCoverUrl(context, course);
  if (own) return own;
  const firstReady = (await videosInPlayingOrder(context, course.id)).find((video) => video.status === "READY" && video.thumbnailKey);
  if (!firstReady?.thumbnailKey) return null;
  return (await context.storage.playbackUrl(firstReady.thumbnailKey, context.config.videoUrlTtlSeconds)).url;
}
