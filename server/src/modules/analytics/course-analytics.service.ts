// courseAnalytics and videoAnalytics: read from the rollups only (never the raw events), in a
// few statements whatever the course's size or the range's length: every figure of a range is a
// sum over its days (see analytics-rollups.ts for the cohorts that make the viewers' figures sums
// too), the learners active in it one row each. What is read is kept per course version
// (bumped whenever the course's rollups change), so the dashboards open on a course share one
// computation until new events are taken in. Rollups are kept per UTC day, so a range counts the
// whole UTC days it touches.
import { LRUCache } from "lru-cache";
import { defineLoader, type Context } from "../../platform/context.ts";
import { Prisma, readRows } from "../../platform/db.ts";
import { badInput, notFound } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import { authorize } from "../../platform/policy.ts";
import { coursePolicy, findVisibleCourse, getEditableCourse, type CourseRow } from "../catalog/index.ts";
import { exactDurationOf, findVisibleVideo, videosInPlayingOrder, type VideoRow } from "../media/index.ts";
import { scoreBuckets, type BucketCounts, type ScoredBucket } from "./confusion-score.ts";

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
  scope: AnalyticsScope;
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
  scope: AnalyticsScope;
}

const utcDay = (at: Date) => at.toISOString().slice(0, 10);
/**
 * The range asked for, at most MAX_RANGE_DAYS long, from before to. Unless told: `to` is the end of
 * today (UTC), `from` DEFAULT_RANGE_DAYS whole days before it, so a range's figures (whole UTC days)
 * and its bounds are the same all day.
 */
export function analyticsRange(from: Date | null | undefined, to: Date | null | undefined, now = new Date()): { from: Date; to: Date } {
  const end = to ?? new Date(Date.parse(`${utcDay(now)}T00:00:00Z`) + DAY_MS);
  const start = from ?? new Date(end.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  if (start >= end) throw badInput({ from: "must be before to" });
  if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY_MS) throw badInput({ from: `must be at most ${MAX_RANGE_DAYS} days before to` });
  return { from: start, to: end };
}

/** The first and last UTC days the range [from, to) touches. */
const daysOfRange = (from: Date, to: Date) => ({ first: utcDay(from), last: utcDay(new Date(to.getTime() - 1)) });

/** Every UTC day from first to last, both included (made once per course version and range, with the sums). */
function everyDay(first: string, last: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${last}T00:00:00Z`);
  for (let day = Date.parse(`${first}T00:00:00Z`); day <= end; day += DAY_MS) days.push(utcDay(new Date(day)));
  return days;
}

/** Where a VideoAnalytics' figures come from: its curve and heatmap are read from the same, only when asked for. */
export interface AnalyticsScope {
  courseId: string;
  first: string;
  last: string;
  version: bigint;
  /** When a range relative to today (no `to` given) moves on; undefined for a fixed one. */
  movesAt: number | undefined;
}

interface VideoSums {
  videoId: string;
  views: number;
  watchTimeSeconds: number;
  /** The range's cohort: the viewers whose first event on the video was in it, with their seconds watched so far and completions. */
  viewers: number;
  watchedSeconds: number;
  completedViewers: number;
}

interface CourseSums {
  /** Every day of the range, oldest first, days without a rollup row as zeros. */
  daily: DailyMetricView[];
  totals: Pick<DailyMetricView, "enrollments" | "completions" | "watchTimeSeconds" | "revenueCents">;
  learners: { active: number; watchedSeconds: number };
  videos: Map<string, VideoSums>;
}

/** Per server instance: figures by what they were computed from (the course's version in the key), the computation shared while under way. */
const computed = new WeakMap<Context["db"], LRUCache<string, Promise<unknown>>>();
const CACHED_COMPUTATIONS = 2_000;

function cacheOf(context: Context): LRUCache<string, Promise<unknown>> {
  let cache = computed.get(context.db);
  if (!cache) computed.set(context.db, (cache = new LRUCache({ max: CACHED_COMPUTATIONS })));
  return cache;
}

function cachedFor<T>(context: Context, key: string, compute: () => Promise<T>): Promise<T> {
  const cache = cacheOf(context);
  let answer = cache.get(key) as Promise<T> | undefined;
  if (!answer) {
    answer = compute();
    cache.set(key, answer);
    answer.catch(() => cache.delete(key));
  }
  return answer;
}

async function scopeOf(context: Context, courseId: string, range: { from: Date; to: Date }, toGiven: boolean): Promise<AnalyticsScope> {
  const [row] = await readRows<{ version: bigint }>(context.db, Prisma.sql`SELECT version FROM analytics_course_versions WHERE course_id = ${courseId}::uuid`);
  return { courseId, ...daysOfRange(range.from, range.to), version: row?.version ?? 0n, movesAt: toGiven ? undefined : range.to.getTime() };
}

const keyOf = (kind: string, scope: AnalyticsScope, ...more: (string | number)[]) => [kind, scope.courseId, scope.first, scope.last, scope.version, ...more].join("|");

/** The videos' sums over the range's days: one statement for every video of the course. */
function videoSums(context: Context, scope: AnalyticsScope): Promise<Map<string, VideoSums>> {
  return cachedFor(context, keyOf("videos", scope), async () => {
    const rows = await readRows<VideoSums>(context.db, Prisma.sql`
      SELECT video_id AS "videoId", sum(views)::int AS views, sum(watch_seconds)::float8 AS "watchTimeSeconds", sum(viewers)::int AS viewers,
        sum(watched_seconds)::float8 AS "watchedSeconds", sum(completed_viewers)::int AS "completedViewers"
      FROM analytics_video_days WHERE course_id = ${scope.courseId}::uuid AND day BETWEEN ${scope.first}::date AND ${scope.last}::date
      GROUP BY video_id`);
    return new Map(rows.map((row) => [row.videoId, row]));
  });
}

function courseSums(context: Context, scope: AnalyticsScope, courseSeconds: number): Promise<CourseSums> {
  return cachedFor(context, keyOf("course", scope, courseSeconds), async () => {
    const [days, [learners], videos] = await Promise.all([
      readRows<DailyMetricView>(context.db, Prisma.sql`
        SELECT to_char(day, 'YYYY-MM-DD') AS date, enrollments, active_learners AS "activeLearners", completions,
          watch_seconds AS "watchTimeSeconds", revenue_cents AS "revenueCents"
        FROM analytics_course_days WHERE course_id = ${scope.courseId}::uuid AND day BETWEEN ${scope.first}::date AND ${scope.last}::date`),
      readRows<CourseSums["learners"]>(context.db, Prisma.sql`
        SELECT count(*)::int AS active, coalesce(sum(least(watched_seconds, ${courseSeconds}::float8)), 0)::float8 AS "watchedSeconds"
        FROM analytics_course_learners
        WHERE course_id = ${scope.courseId}::uuid AND active_days && daterange(${scope.first}::date, ${scope.last}::date, '[]')`),
      videoSums(context, scope),
    ]);
    const dayOf = new Map(days.map((day) => [day.date, day]));
    const daily = everyDay(scope.first, scope.last).map(
      (date) => dayOf.get(date) ?? { date, enrollments: 0, activeLearners: 0, completions: 0, watchTimeSeconds: 0, revenueCents: 0 },
    );
    const sum = (pick: (day: DailyMetricView) => number) => daily.reduce((total, day) => total + pick(day), 0);
    const totals = {
      enrollments: sum((day) => day.enrollments),
      completions: sum((day) => day.completions),
      watchTimeSeconds: sum((day) => day.watchTimeSeconds),
      revenueCents: sum((day) => day.revenueCents),
    };
    return { daily, totals, learners, videos };
  });
}

function videoView(video: VideoRow, sums: VideoSums | undefined, scope: AnalyticsScope): VideoAnalyticsView {
  const duration = exactDurationOf(video) ?? 0;
  const viewers = sums?.viewers ?? 0;
  return {
    video,
    scope,
    views: sums?.views ?? 0,
    uniqueViewers: viewers,
    watchTimeSeconds: sums?.watchTimeSeconds ?? 0,
    averagePercentWatched: viewers && duration ? Math.min(100, (sums!.watchedSeconds / viewers / duration) * 100) : 0,
    completionRate: viewers ? sums!.completedViewers / viewers : 0,
  };
}

interface CurveKey {
  videoId: string;
  scope: AnalyticsScope;
}

/**
 * A loader of per-video rows over a scope, kept like the sums: the videos of one request that
 * are not kept yet are read in one statement (a dashboard asking every video's curve costs one).
 */
function keptPerVideo<Row extends { videoId: string }>(kind: string, read: (context: Context, scope: AnalyticsScope, videoIds: string[]) => Promise<Row[]>) {
  return defineLoader<CurveKey, Row[]>(
    `analytics:${kind}`,
    async (context, keys) => {
      const answers = new Map<string, Promise<Row[]>>();
      const missing = new Map<string, { scope: AnalyticsScope; videoIds: string[] }>();
      for (const { videoId, scope } of keys) {
        const key = keyOf(kind, scope, videoId);
        const kept = cacheOf(context).get(key) as Promise<Row[]> | undefined;
        if (kept) answers.set(key, kept);
        else {
          const scopeKey = keyOf(kind, scope);
          if (!missing.has(scopeKey)) missing.set(scopeKey, { scope, videoIds: [] });
          missing.get(scopeKey)!.videoIds.push(videoId);
        }
      }
      for (const { scope, videoIds } of missing.values()) {
        const rows = read(context, scope, videoIds);
        for (const videoId of videoIds) {
          answers.set(keyOf(kind, scope, videoId), cachedFor(context, keyOf(kind, scope, videoId), async () => (await rows).filter((row) => row.videoId === videoId)));
        }
      }
      return Promise.all(keys.map(({ videoId, scope }) => answers.get(keyOf(kind, scope, videoId))!));
    },
    ({ videoId, scope }) => keyOf(kind, scope, videoId),
  );
}

const retentionChanges = keptPerVideo("retention", (context, scope, videoIds) =>
  readRows<{ videoId: string; second: number; change: number }>(context.db, Prisma.sql`
    SELECT video_id AS "videoId", second, sum(viewers)::int AS change FROM analytics_video_retention
    WHERE video_id = ANY(${videoIds}::uuid[]) AND day BETWEEN ${scope.first}::date AND ${scope.last}::date
    GROUP BY video_id, second HAVING sum(viewers) <> 0 ORDER BY video_id, second`),
);

const confusionBuckets = keptPerVideo("confusion", (context, scope, videoIds) =>
  readRows<BucketCounts & { videoId: string }>(context.db, Prisma.sql`
    SELECT video_id AS "videoId", bucket, sum(rewinds)::int AS rewinds, sum(pauses)::int AS pauses,
      sum(confused_flags)::int AS "confusedFlags", sum(tutor_questions)::int AS "tutorQuestions", sum(wrong_answers)::int AS "wrongAnswers"
    FROM analytics_video_buckets
    WHERE video_id = ANY(${videoIds}::uuid[]) AND day BETWEEN ${scope.first}::date AND ${scope.last}::date
    GROUP BY video_id, bucket ORDER BY video_id, bucket`),
);

/** Of the range's cohort of viewers, the share who have watched each second of the video. */
export async function retentionOf(context: Context, view: VideoAnalyticsView): Promise<{ second: number; viewers: number }[]> {
  const changes = await context.loader(retentionChanges).load({ videoId: view.video.id, scope: view.scope });
  const duration = exactDurationOf(view.video) ?? 0;
  const retention = [];
  let running = 0;
  for (let second = 0, next = 0; second < Math.ceil(duration); second += 1) {
    while (next < changes.length && changes[next].second <= second) running += changes[next++].change;
    retention.push({ second, viewers: view.uniqueViewers ? running / view.uniqueViewers : 0 });
  }
  return retention;
}

/** The video's confusion signals over the range, bucket by bucket, scored. */
export async function confusionOf(context: Context, view: VideoAnalyticsView): Promise<ScoredBucket[]> {
  const buckets = await context.loader(confusionBuckets).load({ videoId: view.video.id, scope: view.scope });
  return scoreBuckets(buckets, exactDurationOf(view.video) ?? 0);
}

export async function courseAnalytics(context: Context, courseGlobalId: string, range: { from?: Date | null; to?: Date | null }): Promise<CourseAnalyticsView> {
  const course = await getEditableCourse(context, courseGlobalId, "courseId");
  const { from, to } = analyticsRange(range.from, range.to);
  const [videos, scope] = await Promise.all([videosInPlayingOrder(context, course.id), scopeOf(context, course.id, { from, to }, !!range.to)]);
  const courseSeconds = videos.reduce((total, video) => total + (exactDurationOf(video) ?? 0), 0);
  const sums = await courseSums(context, scope, courseSeconds);
  const { enrollments, completions, watchTimeSeconds, revenueCents } = sums.totals;
  const { active, watchedSeconds } = sums.learners;
  return {
    course,
    from,
    to,
    enrollments,
    activeLearners: active,
    completions,
    completionRate: enrollments ? Math.min(1, completions / enrollments) : 0,
    averageProgressPercent: active && courseSeconds ? Math.min(100, (watchedSeconds / active / courseSeconds) * 100) : 0,
    watchTimeSeconds,
    revenueCents,
    daily: sums.daily,
    videos: videos.map((video) => videoView(video, sums.videos.get(video.id), scope)),
    scope,
  };
}

export async function videoAnalytics(context: Context, videoGlobalId: string, range: { from?: Date | null; to?: Date | null }): Promise<VideoAnalyticsView> {
  const video = await findVisibleVideo(context, parseId(videoGlobalId, "Video", "videoId"));
  const course = video && (await findVisibleCourse(context, video.courseId));
  if (!video || !course) throw notFound("Video");
  await authorize(context, coursePolicy.edit, course);
  const scope = await scopeOf(context, course.id, analyticsRange(range.from, range.to), !!range.to);
  return videoView(video, (await videoSums(context, scope)).get(video.id), scope);
}
