// A course's structure as its pages show it: sections in order, videos in playing order.
import type { Section } from "../../generated/prisma/client.ts";
import type { Context } from "../../platform/context.ts";
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
