// Progress: watched ranges merged as a union by PostgreSQL, measured against the video's exact
// duration, the resume position, and a course's completion, exactly once.
import type { Context } from "../../platform/context.ts";
import type { Platform } from "../../platform/platform.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { emit, outboxInsert } from "../../platform/domain-events.ts";
import { badInput, forbidden, notFound, type FieldErrors } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import type { CourseRow } from "../catalog/index.ts";
import { findVisibleCourse } from "../catalog/index.ts";
import { exactDurationOf, readyVideoIds, videoById, videosInPlayingOrder } from "../media/index.ts";
import { GRANTS_ACCESS_SQL, grantsAccess } from "./enrollment.policy.ts";
import { completionRequirements } from "./learning.extensions.ts";
import { courseCompleted, progressRecorded } from "./learning.events.ts";
import {
  PROGRESS_COLUMNS,
  progressByEnrollment,
  viewerEnrollmentByCourse,
  viewerProgressByVideo,
  type EnrollmentRow,
  type ProgressRow,
} from "./learning.loaders.ts";
import type { RecordProgressInput } from "./progress.type.ts";

export const MAX_RANGES_PER_REPORT = 100;
/** Longer than any video: a larger number is a client's mistake, not a position. */
export const MAX_SECONDS = 24 * 3600;

export interface VideoProgressView {
  videoId: string;
  positionSeconds: number;
  watchedSeconds: number;
  watchedRanges: { startSeconds: number; endSeconds: number }[];
  percentWatched: number;
  completed: boolean;
  completedAt: Date | null;
  updatedAt: Date;
}

export interface CourseProgressView {
  enrollmentId: string;
  courseId: string;
  completedVideos: number;
  totalVideos: number;
  /** What the course's completion requires besides its videos (quizzes to pass), and how much of it is met. */
  requirements: number;
  requirementsMet: number;
  percent: number;
  watchedSeconds: number;
  completed: boolean;
  completedAt: Date | null;
  resumeVideoId: string | null;
  resumePositionSeconds: number | null;
}

function videoProgressView(row: ProgressRow, durationSeconds: number | null): VideoProgressView {
  return {
    videoId: row.videoId,
    positionSeconds: row.positionSeconds,
    watchedSeconds: row.watchedSeconds,
    watchedRanges: row.watchedRanges.map(([startSeconds, endSeconds]) => ({ startSeconds, endSeconds })),
    percentWatched: durationSeconds ? Math.min(100, (row.watchedSeconds / durationSeconds) * 100) : 0,
    completed: row.completedAt !== null,
    completedAt: row.completedAt,
    updatedAt: row.updatedAt,
  };
}

/** What the report says wrong, by field; nothing when it may be recorded. */
function reportProblems(input: RecordProgressInput): FieldErrors {
  const problems: FieldErrors = {};
  const seconds = (value: number) => Number.isFinite(value) && value >= 0 && value <= MAX_SECONDS;
  const SECONDS_RULE = `must be a number of seconds from 0 to ${MAX_SECONDS}`;
  if (!seconds(input.positionSeconds)) problems.positionSeconds = SECONDS_RULE;
  if (input.watchedRanges.length > MAX_RANGES_PER_REPORT) {
    problems.watchedRanges = `must hold at most ${MAX_RANGES_PER_REPORT} ranges; send the rest in another report`;
    return problems;
  }
  input.watchedRanges.forEach((range, index) => {
    if (!seconds(range.startSeconds)) problems[`watchedRanges[${index}].startSeconds`] = SECONDS_RULE;
    if (!seconds(range.endSeconds)) problems[`watchedRanges[${index}].endSeconds`] = SECONDS_RULE;
    else if (range.endSeconds < range.startSeconds) problems[`watchedRanges[${index}].endSeconds`] = "must not be before startSeconds";
  });
  return problems;
}

/** The viewer's enrollment in the course, when it lets them learn; FORBIDDEN otherwise. */
export async function getLearningEnrollment(context: Context, course: CourseRow): Promise<EnrollmentRow> {
  const enrollment = await context.loader(viewerEnrollmentByCourse).load(course.id);
  if (!enrollment) throw forbidden("Enroll in this course first.", { reason: "NOT_ENROLLED" });
  if (!grantsAccess(enrollment)) throw forbidden("Your enrollment in this course has ended.", { reason: "ENROLLMENT_ENDED" });
  return enrollment;
}

/**
 * Records one report of the viewer's watching. The ranges, clamped to [0, duration], are merged
 * into the stored union by the upsert itself, so concurrent reports never lose each other's; the
 * position moves only for a report at least as recent (by the client's clock, at most now) as the
 * one that set it. The upsert first locks the enrollment's row, so reports of one enrollment are
 * serialized. A report costs the request's reads (session, video, course, enrollment) and one
 * statement writing the report and its domain event; a report on a complete video then checks
 * whether the course is complete.
 */
export async function recordProgress(context: Context, input: RecordProgressInput): Promise<VideoProgressView> {
  const problems = reportProblems(input);
  if (Object.keys(problems).length > 0) throw badInput(problems);
  const videoId = parseId(input.videoId, "Video", "videoId");
  const video = await context.loader(videoById).load(videoId);
  if (!video) throw badInput({ videoId: "is not a video" });
  const course = await findVisibleCourse(context, video.courseId);
  if (!course) throw notFound("Video");
  const enrollment = await getLearningEnrollment(context, course);
  const duration = exactDurationOf(video);
  if (video.status !== "READY" || !duration) throw badInput({ videoId: "has no playable file yet" });
  const starts = input.watchedRanges.map((range) => range.startSeconds);
  const ends = input.watchedRanges.map((range) => range.endSeconds);
  const position = Math.min(input.positionSeconds, duration);
  const needed = context.config.completionThreshold * duration;
  const reportedRanges = input.watchedRanges
    .map((range): [number, number] => [Math.min(range.startSeconds, duration), Math.min(range.endSeconds, duration)])
    .filter(([start, end]) => end > start);

  // The report and its event in one statement, its own transaction: most reports complete nothing.
  const [recorded] = await context.db.$queryRaw<(ProgressRow & { enrollmentStatus: EnrollmentRow["status"] })[]>`
    WITH enrollment AS (SELECT status FROM enrollments WHERE id = ${enrollment.id}::uuid AND ${GRANTS_ACCESS_SQL} FOR UPDATE),
    recorded AS (
      INSERT INTO video_progress AS vp (enrollment_id, video_id, watched, position_seconds, position_at, completed_at, updated_at)
      SELECT ${enrollment.id}::uuid, ${video.id}::uuid, reported.watched, ${position}::float8,
        least(coalesce(${input.clientTimestamp ?? null}::timestamptz, now()), now()),
        CASE WHEN watched_seconds(reported.watched) >= ${needed}::numeric THEN now() END, now()
      FROM enrollment, (
        SELECT coalesce(range_agg(numrange(r.s, r.e)), '{}'::nummultirange) * nummultirange(numrange(0, ${duration}::numeric)) AS watched
        FROM unnest(${starts}::numeric[], ${ends}::numeric[]) AS r(s, e)
      ) AS reported
      ON CONFLICT (enrollment_id, video_id) DO UPDATE SET
        watched = vp.watched + EXCLUDED.watched,
        position_seconds = CASE WHEN EXCLUDED.position_at >= vp.position_at THEN EXCLUDED.position_seconds ELSE vp.position_seconds END,
        position_at = greatest(vp.position_at, EXCLUDED.position_at),
        completed_at = coalesce(vp.completed_at, CASE WHEN watched_seconds(vp.watched + EXCLUDED.watched) >= ${needed}::numeric THEN now() END),
        updated_at = now()
      RETURNING vp.*
    ),
    event AS (${outboxInsert(progressRecorded(enrollment, video.id, new Date(), reportedRanges), Prisma.sql`SELECT 1 FROM recorded`)})
    SELECT ${PROGRESS_COLUMNS}, (SELECT status FROM enrollment) AS "enrollmentStatus" FROM recorded vp`;
  if (!recorded) throw forbidden("Your enrollment in this course has ended.", { reason: "ENROLLMENT_ENDED" });
  if (recorded.completedAt && recorded.enrollmentStatus === "ACTIVE") await completeCourseIfDone(context, enrollment.id);
  context.loader(viewerEnrollmentByCourse).clear(course.id);
  context.loader(progressByEnrollment).clear(enrollment.id);
  context.loader(viewerProgressByVideo).clear(video.id);
  return videoProgressView(recorded, duration);
}

/**
 * Completes the enrollment when every READY video of its course is complete and every requirement
 * of the later modules (completionRequirements: quizzes to pass) is met, once, dated by whichever
 * came last. The enrollment's row lock serializes the checks, and each runs after its own change
 * was committed, so of two changes meeting the last two requirements at once (a video's report, a
 * quiz passed), the later check sees both. The completion is a progress event of its own: the
 * change's event was committed before it, and whoever watches live (the learner's devices, the
 * course's team) must hear the course completed; it names the video last completed.
 */
async function completeCourseIfDone(platform: Pick<Platform, "db" | "extensions">, enrollmentId: string): Promise<void> {
  await platform.db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ status: EnrollmentRow["status"]; userId: string; courseId: string }[]>`
      SELECT status, user_id AS "userId", course_id AS "courseId" FROM enrollments WHERE id = ${enrollmentId}::uuid FOR UPDATE`;
    if (locked?.status !== "ACTIVE") return;
    const courseVideoIds = await readyVideoIds(tx, locked.courseId);
    const [{ completed, lastCompletedAt, lastVideoId }] = await tx.$queryRaw<{ completed: number; lastCompletedAt: Date | null; lastVideoId: string | null }[]>`
      SELECT count(*)::int AS completed, max(completed_at) AS "lastCompletedAt",
        (array_agg(video_id ORDER BY completed_at DESC))[1] AS "lastVideoId"
      FROM video_progress
      WHERE enrollment_id = ${enrollmentId}::uuid AND video_id = ANY(${courseVideoIds}::uuid[]) AND completed_at IS NOT NULL`;
    if (completed < courseVideoIds.length || !lastCompletedAt || !lastVideoId) return;
    let completedAt = lastCompletedAt;
    for (const requirement of platform.extensions.of(completionRequirements)) {
      const { required, met, lastMetAt } = await requirement.check(tx, locked);
      if (met < required) return;
      if (lastMetAt && lastMetAt > completedAt) completedAt = lastMetAt;
    }
    const [done] = await tx.enrollment.updateManyAndReturn({
      where: { id: enrollmentId, status: "ACTIVE" },
      data: { status: "COMPLETED", completedAt },
    });
    if (!done) return;
    await courseCompleted(tx, done, completedAt);
    await emit(tx, progressRecorded(done, lastVideoId, new Date()));
  });
}

/**
 * For a later module whose requirement the learner may just have met (assessment: a required quiz
 * passed), after that change committed: completes their course when nothing else is left.
 */
export async function recheckCourseCompletion(context: Context, learner: { userId: string; courseId: string }): Promise<void> {
  const enrollment = await context.db.enrollment.findUnique({ where: { userId_courseId: learner }, select: { id: true, status: true } });
  if (enrollment?.status !== "ACTIVE") return;
  await completeCourseIfDone(context, enrollment.id);
  context.loader(viewerEnrollmentByCourse).clear(learner.courseId);
}

/**
 * For a later module that dropped a requirement of the course (assessment: a required quiz deleted
 * or no longer required): completes the course of every learner who had nothing else left. One
 * enrollment at a time, each as a report's check would; a repeated call completes nobody twice.
 */
export async function recheckCourseCompletions(platform: Pick<Platform, "db" | "extensions">, courseId: string): Promise<void> {
  const active = await platform.db.enrollment.findMany({ where: { courseId, status: "ACTIVE" }, select: { id: true } });
  for (const { id } of active) await completeCourseIfDone(platform, id);
}

export async function videoProgressOfViewer(context: Context, videoId: string): Promise<VideoProgressView | null> {
  const [row, video] = await Promise.all([context.loader(viewerProgressByVideo).load(videoId), context.loader(videoById).load(videoId)]);
  return row && videoProgressView(row, video && exactDurationOf(video));
}

/**
 * Completed READY videos and met requirements (quizzes passed) over READY videos and requirements,
 * and the time watched on them; the resume point is the video last watched (by the reports' time),
 * else the first one. Completion is the enrollment's: a video or a required quiz added later does
 * not take it away.
 */
export async function courseProgress(context: Context, enrollment: EnrollmentRow): Promise<CourseProgressView> {
  const [videos, rows, counts] = await Promise.all([
    videosInPlayingOrder(context, enrollment.courseId),
    context.loader(progressByEnrollment).load(enrollment.id),
    Promise.all(context.extensions.of(completionRequirements).map((requirement) => requirement.progress(context, enrollment))),
  ]);
  const requirements = counts.reduce((sum, count) => sum + count.required, 0);
  const requirementsMet = counts.reduce((sum, count) => sum + Math.min(count.met, count.required), 0);
  const ready = videos.filter((video) => video.status === "READY");
  const byVideo = new Map(rows.map((row) => [row.videoId, row]));
  const counted = ready.flatMap((video) => byVideo.get(video.id) ?? []);
  const completedVideos = counted.filter((row) => row.completedAt !== null).length;
  const last = counted.reduce<ProgressRow | null>((latest, row) => (!latest || row.positionAt > latest.positionAt ? row : latest), null);
  return {
    enrollmentId: enrollment.id,
    courseId: enrollment.courseId,
    completedVideos,
    totalVideos: ready.length,
    requirements,
    requirementsMet,
    percent: ready.length + requirements ? ((completedVideos + requirementsMet) / (ready.length + requirements)) * 100 : 0,
    watchedSeconds: counted.reduce((sum, row) => sum + row.watchedSeconds, 0),
    completed: enrollment.completedAt !== null,
    completedAt: enrollment.completedAt,
    resumeVideoId: last?.videoId ?? ready[0]?.id ?? null,
    resumePositionSeconds: last ? last.positionSeconds : ready.length ? 0 : null,
  };
}

/** Null unless the viewer is enrolled (ACTIVE or COMPLETED). */
export async function courseProgressOfViewer(context: Context, course: CourseRow): Promise<CourseProgressView | null> {
  const enrollment = await context.loader(viewerEnrollmentByCourse).load(course.id);
  return enrollment && grantsAccess(enrollment) ? courseProgress(context, enrollment) : null;
}
