// A course's structure as its pages show it: sections in order, videos in playing order.
import type { Section } from "../../generated/prisma/client.ts";
import type { Context } from "../../platform/context.ts";
import type { Transaction } from "../../platform/db.ts";
import { may } from "../../platform/policy.ts";
import { ownCoverUrl, type CourseRow } from "../catalog/index.ts";
import { structureByCourse, type CourseStructure, type VideoRow } from "./media.loaders.ts";
import { contentPolicy } from "./video.policy.ts";

/** As publishing counts them (refuseWithoutReadyVideo): READY, or replacing a file that still plays. */
const isReady = (video: VideoRow) => video.status === "READY" || video.fileKey !== null;

/**
 * The structure the viewer is shown: all of it to the course's instructors and admins; to everyone
 * else (learners, anonymous visitors and so the public cache) only ready videos and the sections
 * holding one. An empty section or a video without a file would promise what the
 * course does not have ("0 videos · 0 min"). Counts and durations follow what is shown.
 */
async function shownStructure(context: Context, courseId: string): Promise<CourseStructure> {
  const [structure, editor] = await Promise.all([context.loader(structureByCourse).load(courseId), may(context, contentPolicy.edit, { courseId })]);
  if (editor) return structure;
  const videos = structure.videos.filter(isReady);
  const filledSectionIds = new Set(videos.map((video) => video.sectionId));
  return { sections: structure.sections.filter((section) => filledSectionIds.has(section.id)), videos };
}

export async function sectionsOf(context: Context, courseId: string): Promise<Section[]> {
  return (await shownStructure(context, courseId)).sections;
}

/** By position within their groups; see videosInPlayingOrder. */
export async function videosOf(context: Context, courseId: string): Promise<VideoRow[]> {
  return (await shownStructure(context, courseId)).videos;
}

/** Unsectioned videos first (an introduction, say), then each section's, by position. */
export async function videosInPlayingOrder(context: Context, courseId: string): Promise<VideoRow[]> {
  const { sections, videos } = await shownStructure(context, courseId);
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
  // All sections: a video reached by its id names its section even when learners are not shown it.
  return (await context.loader(structureByCourse).load(video.courseId)).sections.find((section) => section.id === video.sectionId) ?? null;
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

/** The course's READY videos, read in the caller's transaction (what completing a course counts). */
export async function readyVideoIds(tx: Transaction, courseId: string): Promise<string[]> {
  const videos = await tx.video.findMany({ where: { courseId, status: "READY" }, select: { id: true } });
  return videos.map((video) => video.id);
}
