// courseAnalytics and videoAnalytics: read from the rollups only (never the raw events), in a
// fixed few statements whatever the course's size: the days, the learners' days, the viewers'
// watched seconds (with the retention curve's changes) and the confusion buckets, for every video
// of the course at once. Rollups are kept per UTC day, so a range counts the whole UTC days it touches.
import type { Context } from "../../platform/context.ts";
import { Prisma } from "../../platform/db.ts";
import { badInput, notFound } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import { authorize } from "../../platform/policy.ts";
import { coursePolicy, findVisibleCourse, getEditableCourse, type CourseRow } from "../catalog/index.ts";
import { exactDurationOf, findVisibleVideo, videosInPlayingOrder, type VideoRow } from "../media/index.ts";
import { scoreBuckets, type ScoredBucket } from "./confusion-score.ts";

const DAY_MS = 86_400_000;
export const DEFAULT_RANGE_DAYS = 30;
export const MAX_RANGE_DAYS = 366;

export interface DailyMetricView {
  date: string;
  enrollments: number;
  activeLearners: number;
  completions: number;
  watchTimeSeconds: number;
  revenueCents: number;
}

export interface VideoAnalyticsView {
  video: VideoRow;
  views: number;
  uniqueViewers: number;
  watchTimeSeconds: number;
  averagePercentWatched: number;
  completionRate: number;
  retention: { second: number; viewers: number }[];
  confusion: ScoredBucket[];
  /** Per viewer, the seconds watched in the range (at most the video's), summed: the course's average progress. */
  watchedSecondsOfViewers: number;
}

export interface CourseAnalyticsView {
  course: CourseRow;
  from: Date;
  to: Date;
  enrollments: number;
  activeLearners: number;
  completions: number;
  completionRate: number;
  averageProgressPercent: number;
  watchTimeSeconds: number;
  revenueCents: number;
  daily: DailyMetricView[];
  videos: VideoAnalyticsView[];
}

/** The range asked for: the last DEFAULT_RANGE_DAYS days unless told, from before to, at most MAX_RANGE_DAYS long. */
export function analyticsRange(from: Date | null | undefined, to: Date | null | undefined, now = new Date()): { from: Date; to: Date } {
  const end = to ?? now;
  const start = from ?? new Date(end.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  if (start >= end) throw badInput({ from: "must be before to" });
  if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY_MS) throw badInput({ from: `must be at most ${MAX_RANGE_DAYS} days before to` });
  return { from: start, to: end };
}

const utcDay = (at: Date) => at.toISOString().slice(0, 10);
/** The first and last UTC days the range [from, to) touches. */
const daysOfRange = (from: Date, to: Date) => ({ first: utcDay(from), last: utcDay(new Date(to.getTime() - 1)) });

function everyDay(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = Date.parse(`${first}T00:00:00Z`); day <= Date.parse(`${last}T00:00:00Z`); day += DAY_MS) days.push(utcDay(new Date(day)));
  return days;
}

interface ViewerFigures {
  videoId: string;
  views: number;
  uniqueViewers: number;
  watchTimeSeconds: number;
  watchedSeconds: number;
  completedViewers: number;
  /** [second, change in viewers] where the count changes, in order. */
  edges: [number, number][];
}

/** The videos' figures with their retention's changes, and their buckets, over the days: two statements for any number of videos. */
async function videoFigures(context: Context, courseId: string, videos: readonly VideoRow[], first: string, last: string): Promise<VideoAnalyticsView[]> {
  if (videos.length === 0) return [];
  const ids = videos.map((video) => video.id);
  const durations = videos.map((video) => exactDurationOf(video) ?? 0);
  const threshold = context.config.completionThreshold;
  const viewerScope = Prisma.sql`
    WITH per_viewer AS (
      SELECT video_id, user_id, count(*) FILTER (WHERE plays > 0) AS view_days, sum(watch_seconds) AS watch, range_agg(watched) AS watched
      FROM analytics_video_viewer_days
      WHERE course_id = ${courseId}::uuid AND video_id = ANY(${ids}::uuid[]) AND day BETWEEN ${first}::date AND ${last}::date
      GROUP BY video_id, user_id
    )`;
  const [figures, buckets] = await Promise.all([
    // Each viewer's watched ranges also become +1 where they start and -1 where they end: second k
    // was watched when a range holds k + 0.5, so summed up in order they give the retention curve.
    context.db.$queryRaw<ViewerFigures[]>(Prisma.sql`${viewerScope},
      measured AS (
        SELECT p.*, least(d.duration, (SELECT coalesce(sum(upper(r) - lower(r)), 0) FROM unnest(p.watched) r)::float8) AS seconds, d.duration
        FROM per_viewer p JOIN unnest(${ids}::uuid[], ${durations}::float8[]) AS d(video_id, duration) USING (video_id)
      ),
      edges AS (
        SELECT video_id, second, sum(delta)::int AS delta FROM (
          SELECT video_id, ceil(lower(r) - 0.5)::int AS second, 1 AS delta FROM per_viewer, unnest(watched) r
          UNION ALL
          SELECT video_id, ceil(upper(r) - 0.5)::int, -1 FROM per_viewer, unnest(watched) r
        ) AS ends GROUP BY 1, 2 HAVING sum(delta) <> 0
      )
      SELECT video_id AS "videoId", sum(view_days)::int AS views, count(*)::int AS "uniqueViewers", sum(watch)::float8 AS "watchTimeSeconds",
        sum(seconds)::float8 AS "watchedSeconds", count(*) FILTER (WHERE duration > 0 AND seconds >= ${threshold}::float8 * duration)::int AS "completedViewers",
        (SELECT coalesce(json_agg(json_build_array(e.second, e.delta) ORDER BY e.second), '[]') FROM edges e WHERE e.video_id = m.video_id) AS edges
      FROM measured m GROUP BY video_id`),
    context.db.$queryRaw<{ videoId: string; bucket: number; rewinds: number; pauses: number; confusedFlags: number; tutorQuestions: number }[]>(Prisma.sql`
      SELECT video_id AS "videoId", bucket, sum(rewinds)::int AS rewinds, sum(pauses)::int AS pauses,
        sum(confused_flags)::int AS "confusedFlags", sum(tutor_questions)::int AS "tutorQuestions"
      FROM analytics_video_buckets
      WHERE course_id = ${courseId}::uuid AND video_id = ANY(${ids}::uuid[]) AND day BETWEEN ${first}::date AND ${last}::date
      GROUP BY video_id, bucket ORDER BY video_id, bucket`),
  ]);
  const figuresOf = new Map(figures.map((row) => [row.videoId, row]));
  return videos.map((video, index) => {
    const duration = durations[index];
    const row = figuresOf.get(video.id);
    const unique = row?.uniqueViewers ?? 0;
    let running = 0;
    const edges = row?.edges ?? [];
    const retention = [];
    for (let second = 0, next = 0; second < Math.ceil(duration); second += 1) {
      while (next < edges.length && edges[next][0] <= second) running += edges[next++][1];
      retention.push({ second, viewers: unique ? running / unique : 0 });
    }
    return {
      video,
      views: row?.views ?? 0,
      uniqueViewers: unique,
      watchTimeSeconds: row?.watchTimeSeconds ?? 0,
      averagePercentWatched: unique && duration ? (row!.watchedSeconds / unique / duration) * 100 : 0,
      completionRate: unique ? row!.completedViewers / unique : 0,
      retention,
      confusion: scoreBuckets(buckets.filter((bucket) => bucket.videoId === video.id), duration),
      watchedSecondsOfViewers: row?.watchedSeconds ?? 0,
    };
  });
}

/** The course's days: counters per day, and active learners per day and over the range (distinct). */
async function courseFigures(context: Context, courseId: string, first: string, last: string) {
  const [days, learners] = await Promise.all([
    context.db.$queryRaw<{ date: string; enrollments: number; completions: number; watchTimeSeconds: number; revenueCents: number }[]>(Prisma.sql`
      SELECT to_char(day, 'YYYY-MM-DD') AS date, enrollments, completions, watch_seconds AS "watchTimeSeconds", revenue_cents AS "revenueCents"
      FROM analytics_course_days WHERE course_id = ${courseId}::uuid AND day BETWEEN ${first}::date AND ${last}::date`),
    context.db.$queryRaw<{ date: string | null; learners: number }[]>(Prisma.sql`
      SELECT to_char(day, 'YYYY-MM-DD') AS date, count(DISTINCT user_id)::int AS learners
      FROM analytics_course_learner_days WHERE course_id = ${courseId}::uuid AND day BETWEEN ${first}::date AND ${last}::date
      GROUP BY GROUPING SETS ((), (day))`),
  ]);
  return { days, learners };
}

export async function courseAnalytics(context: Context, courseGlobalId: string, range: { from?: Date | null; to?: Date | null }): Promise<CourseAnalyticsView> {
  const course = await getEditableCourse(context, courseGlobalId, "courseId");
  const { from, to } = analyticsRange(range.from, range.to);
  const { first, last } = daysOfRange(from, to);
  const videos = await videosInPlayingOrder(context, course.id);
  const [{ days, learners }, videoViews] = await Promise.all([courseFigures(context, course.id, first, last), videoFigures(context, course.id, videos, first, last)]);
  const dayOf = new Map(days.map((day) => [day.date, day]));
  const learnersOf = new Map(learners.filter((row) => row.date !== null).map((row) => [row.date, row.learners]));
  const daily = everyDay(first, last).map((date) => {
    const day = dayOf.get(date);
    return {
      date,
      enrollments: day?.enrollments ?? 0,
      activeLearners: learnersOf.get(date) ?? 0,
      completions: day?.completions ?? 0,
      watchTimeSeconds: day?.watchTimeSeconds ?? 0,
      revenueCents: day?.revenueCents ?? 0,
    };
  });
  const sum = (pick: (day: DailyMetricView) => number) => daily.reduce((total, day) => total + pick(day), 0);
  const enrollments = sum((day) => day.enrollments);
  const completions = sum((day) => day.completions);
  const activeLearners = learners.find((row) => row.date === null)?.learners ?? 0;
  const courseSeconds = videos.reduce((total, video) => total + (exactDurationOf(video) ?? 0), 0);
  const watchedByLearners = videoViews.reduce((total, view) => total + view.watchedSecondsOfViewers, 0);
  return {
    course,
    from,
    to,
    enrollments,
    activeLearners,
    completions,
    completionRate: enrollments ? Math.min(1, completions / enrollments) : 0,
    averageProgressPercent: activeLearners && courseSeconds ? Math.min(100, (watchedByLearners / activeLearners / courseSeconds) * 100) : 0,
    watchTimeSeconds: sum((day) => day.watchTimeSeconds),
    revenueCents: sum((day) => day.revenueCents),
    daily,
    videos: videoViews,
  };
}

export async function videoAnalytics(context: Context, videoGlobalId: string, range: { from?: Date | null; to?: Date | null }): Promise<VideoAnalyticsView> {
  const video = await findVisibleVideo(context, parseId(videoGlobalId, "Video", "videoId"));
  const course = video && (await findVisibleCourse(context, video.courseId));
  if (!video || !course) throw notFound("Video");
  await authorize(context, coursePolicy.edit, course);
  const { from, to } = analyticsRange(range.from, range.to);
  const { first, last } = daysOfRange(from, to);
  const [view] = await videoFigures(context, course.id, [video], first, last);
  return view;
}
