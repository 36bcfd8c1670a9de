// Video metadata: created, edited, moved between sections, reordered and deleted (with its files) with dense positions.
import type { Video } from "../../generated/prisma/client.ts";
import type { Context } from "../../platform/context.ts";
import type { Transaction } from "../../platform/db.ts";
import { emit } from "../../platform/domain-events.ts";
import { badInput, conflict, notFound } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import { authorize, may } from "../../platform/policy.ts";
import { findVisibleCourse, getEditableCourse, lockCourse, type CourseCheck } from "../catalog/index.ts";
import { transcriptByVideo, videoById, type VideoRow } from "./media.loaders.ts";
import { checkSameSet, insertionIndex, placeAt, writeOrder } from "./positions.ts";
import { forgetStructure } from "./section.service.ts";
import type { CreateVideoInput, UpdateVideoInput } from "./video.type.ts";
import { deleteVideoFiles } from "./video-files.ts";
import { videoPolicy } from "./video.policy.ts";
import { checkWebVtt } from "./webvtt.ts";
import { lockVideo } from "./video-status.ts";

/** The ids of a section's videos, or of the course's unsectioned ones, in order. */
async function videoIds(tx: Transaction, courseId: string, sectionId: string | null): Promise<string[]> {
  const rows = await tx.video.findMany({ where: { courseId, sectionId }, orderBy: { position: "asc" }, select: { id: true } });
  return rows.map((row) => row.id);
}

/** The section id of a global id argument, checked to belong to the course. */
async function sectionOfCourse(tx: Transaction, courseId: string, globalId: string, field: string): Promise<string> {
  const id = parseId(globalId, "Section", field);
  const section = await tx.section.findFirst({ where: { id, courseId }, select: { id: true } });
  if (!section) throw badInput({ [field]: "is not a section of this course" });
  return id;
}

function trimmedTitle(title: string): string {
  const trimmed = title.trim();
  if (trimmed.length === 0) throw badInput({ title: "must not be blank" });
  return trimmed;
}

export async function findVisibleVideo(context: Context, id: string): Promise<VideoRow | null> {
  const video = await context.loader(videoById).load(id);
  return video && (await findVisibleCourse(context, video.courseId)) ? video : null;
}

/** A video the viewer may change: NOT_FOUND when its course is invisible to them, else FORBIDDEN. */
export async function getEditableVideo(context: Context, globalId: string, field = "id"): Promise<VideoRow> {
  const video = await findVisibleVideo(context, parseId(globalId, "Video", field));
  if (!video) throw notFound("Video");
  return authorize(context, videoPolicy.edit, video);
}

/** Answered null to whom videoPolicy.readTranscript refuses. */
export async function visibleTranscript(context: Context, video: VideoRow): Promise<string | null> {
  if (!(await may(context, videoPolicy.readTranscript, video))) return null;
  return context.loader(transcriptByVideo).load(video.id);
}

export async function createVideo(context: Context, input: CreateVideoInput): Promise<Video> {
  const course = await getEditableCourse(context, input.courseId, "courseId");
  const title = trimmedTitle(input.title);
  const created = await context.db.$transaction(async (tx) => {
    await lockCourse(tx, course.id);
    const sectionId = input.sectionId == null ? null : await sectionOfCourse(tx, course.id, input.sectionId, "sectionId");
    const ids = await videoIds(tx, course.id, sectionId);
    const index = insertionIndex(input.position, ids.length);
    const video = await tx.video.create({
      data: {
        courseId: course.id,
        sectionId,
        title,
        description: input.description?.trim() || null,
        isPreview: input.isPreview ?? false,
        position: ids.length,
      },
    });
    await writeOrder(tx, "videos", placeAt(ids, video.id, index));
    return tx.video.findUniqueOrThrow({ where: { id: video.id } });
  });
  forgetStructure(context, course.id);
  return created;
}

export async function updateVideo(context: Context, globalId: string, input: UpdateVideoInput): Promise<Video> {
  const video = await getEditableVideo(context, globalId);
  const transcriptVtt = input.transcriptVtt === undefined ? undefined : input.transcriptVtt || null;
  if (transcriptVtt) checkWebVtt(transcriptVtt);
  const updated = await context.db.$transaction(async (tx) => {
    await lockCourse(tx, video.courseId);
    // The row before the event's lock, in the processing jobs' order (video-status.ts).
    if (!(await lockVideo(tx, video.id))) throw notFound("Video");
    const current = await tx.video.findUniqueOrThrow({ where: { id: video.id } });
    const sectionId =
      input.sectionId === undefined ? current.sectionId
      : input.sectionId === null ? null
      : await sectionOfCourse(tx, video.courseId, input.sectionId, "sectionId");
    if (sectionId !== current.sectionId) {
      const left = (await videoIds(tx, video.courseId, current.sectionId)).filter((id) => id !== video.id);
      const joined = await videoIds(tx, video.courseId, sectionId);
      await tx.video.update({ where: { id: video.id }, data: { sectionId } });
      await writeOrder(tx, "videos", left);
      await writeOrder(tx, "videos", [...joined, video.id]);
    }
    const description = input.description === undefined ? undefined : input.description?.trim() || null;
    if (transcriptVtt !== undefined || description !== undefined) {
      await emit(tx, { name: "media.transcriptChanged", aggregate: `video:${video.id}`, payload: { videoId: video.id, courseId: video.courseId } });
    }
    return tx.video.update({
      where: { id: video.id },
      data: {
        title: input.title == null ? undefined : trimmedTitle(input.title),
        description,
        isPreview: input.isPreview ?? undefined,
        transcriptVtt,
      },
    });
  });
  forgetStructure(context, video.courseId);
  context.loader(videoById).clear(video.id);
  context.loader(transcriptByVideo).clear(video.id);
  return updated;
}

export async function deleteVideo(context: Context, globalId: string): Promise<boolean> {
  const video = await getEditableVideo(context, globalId);
  const openUploads = await context.db.$transaction(async (tx) => {
    await lockCourse(tx, video.courseId);
    const uploads = await tx.videoUpload.findMany({ where: { videoId: video.id, status: "PENDING" } });
    const deleted = await tx.video.delete({ where: { id: video.id }, select: { sectionId: true } }).catch(() => null);
    if (!deleted) throw notFound("Video");
    await writeOrder(tx, "videos", await videoIds(tx, video.courseId, deleted.sectionId));
    return uploads;
  });
  await deleteVideoFiles(context, video.id, openUploads);
  forgetStructure(context, video.courseId);
  context.loader(videoById).clear(video.id);
  return true;
}

/** Sets the order of a section's videos, or of the course's unsectioned videos when sectionId is absent. */
export async function reorderVideos(
  context: Context,
  courseGlobalId: string,
  sectionGlobalId: string | null | undefined,
  videoGlobalIds: string[],
): Promise<Video[]> {
  const course = await getEditableCourse(context, courseGlobalId, "courseId");
  const requested = videoGlobalIds.map((id) => parseId(id, "Video", "videoIds"));
  const reordered = await context.db.$transaction(async (tx) => {
    await lockCourse(tx, course.id);
    const sectionId = sectionGlobalId == null ? null : await sectionOfCourse(tx, course.id, sectionGlobalId, "sectionId");
    checkSameSet(await videoIds(tx, course.id, sectionId), requested, "videoIds");
    await writeOrder(tx, "videos", requested);
    return tx.video.findMany({ where: { courseId: course.id, sectionId }, orderBy: { position: "asc" } });
  });
  forgetStructure(context, course.id);
  for (const video of reordered) context.loader(videoById).clear(video.id);
  return reordered;
}

/** Catalog's publish precondition: a playable video (one being replaced by a new upload still plays). */
export const refuseWithoutReadyVideo: CourseCheck = async (tx, courseId) => {
  const ready = await tx.video.count({ where: { courseId, OR: [{ status: "READY" }, { fileKey: { not: null } }] } });
  return ready === 0 ? conflict("A course needs at least one ready video to be published.", { reason: "NO_READY_VIDEO" }) : null;
};
