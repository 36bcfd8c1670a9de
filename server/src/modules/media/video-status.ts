// Status changes of a video's file, announced on videoStatusChanged(courseId) once committed.
import { filter, map, pipe } from "@graphql-yoga/subscription";
import type { VideoStatus } from "../../generated/prisma/enums.ts";
import { createContext, type Context } from "../../platform/context.ts";
import type { Transaction } from "../../platform/db.ts";
import { emit } from "../../platform/domain-events.ts";
import type { Platform } from "../../platform/platform.ts";
import { getEditableCourse } from "../catalog/index.ts";
import { videoById, type VideoRow } from "./media.loaders.ts";

const VIDEO_STATUS_TOPIC = "media:videoStatusChanged";

interface VideoStatusEvent {
  videoId: string;
}

/** Call in the transaction that changes the status: the course's subscribers hear of it once it commits. */
export function videoStatusChanged(tx: Transaction, video: { id: string; courseId: string }): Promise<void> {
  return emit(tx, { name: "media.videoStatusChanged", aggregate: `video:${video.id}`, payload: { videoId: video.id, courseId: video.courseId } });
}

/**
 * The committed change, published once by the instance that delivers the event: with REDIS_URL it
 * reaches the subscribers of every instance, else this (the only) instance's.
 */
export function publishVideoStatus(platform: Platform, video: { id: string; courseId: string }): void {
  platform.events.publish(VIDEO_STATUS_TOPIC, video.courseId, { videoId: video.id } satisfies VideoStatusEvent);
}

/** Takes the video's row lock: status changes of one video happen one at a time. */
export async function lockVideo(tx: Transaction, videoId: string): Promise<{ fileKey: string | null; courseId: string } | null> {
  const rows = await tx.$queryRaw<{ file_key: string | null; course_id: string }[]>`
    SELECT file_key, course_id FROM videos WHERE id = ${videoId}::uuid FOR UPDATE`;
  const row = rows[0];
  return row ? { fileKey: row.file_key, courseId: row.course_id } : null;
}

/** Where a video goes back to when an upload ends without a new file: its current file, if any. */
export function statusWithoutNewFile(fileKey: string | null): VideoStatus {
  return fileKey ? "READY" : "DRAFT";
}

/**
 * The course's video status changes, for its instructors and admins. The right is checked here when
 * subscribing (NOT_FOUND or FORBIDDEN), and by the field's resolver for every event, with the
 * viewer as it is at that event (the platform gives each event a context of its own).
 */
export async function videoStatusEvents(context: Context, courseGlobalId: string): Promise<AsyncIterable<VideoRow>> {
  const course = await getEditableCourse(context, courseGlobalId, "courseId");
  const events = context.events.subscribe(VIDEO_STATUS_TOPIC, course.id) as AsyncIterable<VideoStatusEvent>;
  return pipe(
    events,
    // Fresh loaders: the subscription's own context lives as long as the subscription does.
    map((event) => createContext(context, { requestId: context.requestId, viewer: null, ip: context.ip }).loader(videoById).load(event.videoId)),
    filter((video): video is VideoRow => video !== null),
  );
}
