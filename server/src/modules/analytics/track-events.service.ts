// trackEvents: a signed-in viewer's batch of player events. Each event is checked on its own and
// refused with a reason, the rest stored: one bad event (a stale tab's, a clock off) does not cost
// the batch. The batch's courses, rights and videos are read once each, through the other modules'
// loaders, so a call costs the same few statements whatever its size, then one statement stores
// the events (analytics-store.ts), which the rollups take in within a fraction of a second.
import type { Context } from "../../platform/context.ts";
import { badInput } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import { findVisibleCourse, isCourseEditor, type CourseRow } from "../catalog/index.ts";
import { viewerIsEnrolled } from "../learning/index.ts";
import { exactDurationOf, videoById, type VideoRow } from "../media/index.ts";
import { scheduleRollup } from "./analytics-rollups.ts";
import { appendEvents, type StoredEvent } from "./analytics-store.ts";
import { touchLiveCourses } from "./course-live.ts";
import { AnalyticsEventType, type AnalyticsEventInput } from "./analytics.type.ts";

export const MAX_EVENTS_PER_CALL = 500;
const MAX_AHEAD_MS = 5 * 60_000;
const MAX_AGE_MS = 7 * 86_400_000;
const MAX_CLIENT_EVENT_ID_LENGTH = 100;
const MAX_PLAYBACK_RATE = 16;

/** The fields each type needs besides clientEventId, type, courseId and occurredAt. */
const NEEDED: Record<AnalyticsEventType, (keyof AnalyticsEventInput)[]> = {
  COURSE_VIEW: [],
  VIDEO_INITIALIZED: ["videoId", "positionSeconds"],
  VIDEO_PLAY: ["videoId", "positionSeconds"],
  VIDEO_PAUSE: ["videoId", "positionSeconds"],
  VIDEO_SEEK: ["videoId", "positionSeconds", "fromPositionSeconds"],
  VIDEO_ENDED: ["videoId", "positionSeconds"],
  VIDEO_HEARTBEAT: ["videoId", "positionSeconds"],
  VIDEO_RATE_CHANGE: ["videoId", "positionSeconds", "playbackRate"],
  CONFUSED: ["videoId", "positionSeconds"],
};

/** How the viewer stands in a course: a learner, the course's team (or an admin) previewing, or neither. */
type Standing = "LEARNER" | "TEAM" | "NOT_ENROLLED" | "COURSE_NOT_FOUND";

export interface TrackEventsResultView {
  accepted: number;
  duplicates: number;
  rejected: { clientEventId: string; reason: string }[];
}

const idOrNull = (globalId: string, type: string): string | null => {
  try {
    return parseId(globalId, type, "id");
  } catch {
    return null;
  }
};

/** idOrNull decoding each distinct global id once: a batch names the same course and video in every event. */
function idDecoder(type: string): (globalId: string) => string | null {
  const decoded = new Map<string, string | null>();
  return (globalId) => {
    let id = decoded.get(globalId);
    if (id === undefined) {
      id = idOrNull(globalId, type);
      decoded.set(globalId, id);
    }
    return id;
  };
}

interface BatchIds {
  courseIdOf(globalId: string): string | null;
  videoIdOf(globalId: string): string | null;
}

async function standingIn(context: Context, courseId: string): Promise<{ course: CourseRow | null; standing: Standing }> {
  const course = await findVisibleCourse(context, courseId);
  if (!course) return { course, standing: "COURSE_NOT_FOUND" };
  // The team is kept apart even when enrolled: their previews are not learners' figures.
  if (await isCourseEditor(context, course)) return { course, standing: "TEAM" };
  return { course, standing: (await viewerIsEnrolled(context, course)) ? "LEARNER" : "NOT_ENROLLED" };
}

/** The reason to refuse the event, or the event to store. */
function checked(
  input: AnalyticsEventInput,
  userId: string,
  now: number,
  { courseIdOf, videoIdOf }: BatchIds,
  courses: Map<string, { course: CourseRow | null; standing: Standing }>,
  videos: Map<string, VideoRow | null>,
): { reason: string } | { event: StoredEvent } {
  if (input.clientEventId.length === 0 || input.clientEventId.length > MAX_CLIENT_EVENT_ID_LENGTH) return { reason: "INVALID_CLIENT_EVENT_ID" };
  const missing = NEEDED[input.type].find((field) => input[field] == null);
  if (missing) return { reason: `MISSING_FIELD:${missing}` };
  const occurredAt = input.occurredAt.getTime();
  if (Number.isNaN(occurredAt)) return { reason: "INVALID_OCCURRED_AT" };
  if (occurredAt > now + MAX_AHEAD_MS) return { reason: "IN_THE_FUTURE" };
  if (occurredAt < now - MAX_AGE_MS) return { reason: "TOO_OLD" };
  const courseId = courseIdOf(input.courseId);
  const inCourse = courseId ? courses.get(courseId) : undefined;
  if (!courseId || !inCourse || inCourse.standing === "COURSE_NOT_FOUND") return { reason: "COURSE_NOT_FOUND" };
  if (inCourse.standing === "NOT_ENROLLED") return { reason: "NOT_ENROLLED" };
  let videoId: string | null = null;
  let position: number | null = null;
  let from: number | null = null;
  let rate: number | null = null;
  if (NEEDED[input.type].includes("videoId")) {
    videoId = videoIdOf(input.videoId!);
    const video = videoId ? videos.get(videoId) : null;
    if (!video || video.courseId !== courseId) return { reason: "VIDEO_NOT_IN_COURSE" };
    const duration = exactDurationOf(video);
    if (video.status !== "READY" || !duration) return { reason: "VIDEO_NOT_PLAYABLE" };
    const within = (seconds: number | null | undefined) => seconds == null || (Number.isFinite(seconds) && seconds >= 0 && seconds <= duration);
    if (!within(input.positionSeconds) || !within(input.fromPositionSeconds)) return { reason: "POSITION_OUT_OF_RANGE" };
    position = input.positionSeconds!;
    if (input.type === AnalyticsEventType.VIDEO_SEEK) from = input.fromPositionSeconds!;
    if (input.type === AnalyticsEventType.VIDEO_RATE_CHANGE) {
      rate = input.playbackRate!;
      if (!Number.isFinite(rate) || rate <= 0 || rate > MAX_PLAYBACK_RATE) return { reason: "INVALID_PLAYBACK_RATE" };
    }
  }
  return {
    event: {
      userId,
      clientEventId: input.clientEventId,
      type: input.type,
      courseId,
      videoId,
      positionSeconds: position,
      fromPositionSeconds: from,
      playbackRate: rate,
      occurredAt: input.occurredAt,
      learner: inCourse.standing === "LEARNER",
      detail: null,
    },
  };
}

export async function trackEvents(context: Context, inputs: AnalyticsEventInput[]): Promise<TrackEventsResultView> {
  if (inputs.length > MAX_EVENTS_PER_CALL) throw badInput({ events: `must hold at most ${MAX_EVENTS_PER_CALL} events; send the rest in another call` });
  const userId = context.viewer!.userId;
  const ids: BatchIds = { courseIdOf: idDecoder("Course"), videoIdOf: idDecoder("Video") };
  const courseIds = [...new Set(inputs.map((input) => ids.courseIdOf(input.courseId)).filter((id): id is string => id !== null))];
  const videoIds = [...new Set(inputs.map((input) => (input.videoId ? ids.videoIdOf(input.videoId) : null)).filter((id): id is string => id !== null))];
  const [standings, videoRows] = await Promise.all([
    Promise.all(courseIds.map((id) => standingIn(context, id))),
    context.loader(videoById).loadMany(videoIds),
  ]);
  const courses = new Map(courseIds.map((id, index) => [id, standings[index]]));
  const videos = new Map(videoIds.map((id, index) => [id, videoRows[index] instanceof Error ? null : (videoRows[index] as VideoRow | null)]));

  const now = Date.now();
  const rejected: TrackEventsResultView["rejected"] = [];
  const events: StoredEvent[] = [];
  for (const input of inputs) {
    const outcome = checked(input, userId, now, ids, courses, videos);
    if ("reason" in outcome) rejected.push({ clientEventId: input.clientEventId, reason: outcome.reason });
    else events.push(outcome.event);
  }
  const storedByCourse = await appendEvents(context.db, events);
  const accepted = [...storedByCourse.values()].reduce((sum, count) => sum + count, 0);
  if (accepted > 0) scheduleRollup(context);
  touchLiveCourses(context, [...storedByCourse.keys()]);
  return { accepted, duplicates: events.length - accepted, rejected };
}
