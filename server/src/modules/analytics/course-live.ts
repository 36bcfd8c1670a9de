// courseAnalyticsLive: a course's live figures for its open dashboards. New events of a course are
// announced on the event bus; every instance with a dashboard of that course open asks for a
// computation at the next whole second, and of those, the one that moves the course's tick row to
// that second computes (once per course per second, however many dashboards are open) and
// publishes the figures, which the bus carries to every instance's subscribers (Redis when there
// are several). An instance that lost the second asks again the next one, so events committed
// after the winner computed show a second later. With no dashboard open, nothing is computed.
import type { Context } from "../../platform/context.ts";
import { Prisma } from "../../platform/db.ts";
import type { Platform } from "../../platform/platform.ts";
import { BUCKET_SECONDS, CONFUSION_EVENT_TYPES } from "./analytics-store.ts";
import { scoreBuckets, type BucketCounts, type ScoredBucket } from "./confusion-score.ts";

const LIVE_TOPIC = "analytics:courseLive";
const TOUCHED_TOPIC = "analytics:courseTouched";
const HOTSPOT_COUNT = 5;

export interface LiveStats {
  courseId: string;
  /** ISO time of the computation. */
  at: string;
  activeViewers: number;
  eventsLastMinute: number;
  hotspots: { videoId: string; bucket: ScoredBucket }[];
}

/** Per server instance (its database client: a request's context is a new object each time): the courses with a computation asked for, and whether it is a retry. */
const pending = new WeakMap<Platform["db"], Map<string, { timer: NodeJS.Timeout; retry: boolean }>>();
/** Per platform: the latest figures, which a dashboard opening within the same second is given. */
const latest = new WeakMap<Platform["db"], Map<string, LiveStats>>();

/** A course's live figures, from its learners' events of the last ten minutes (an index range of the newest partition). */
export async function computeLiveStats(platform: Platform, courseId: string): Promise<LiveStats> {
  const [rows, counts] = await Promise.all([
    platform.db.$queryRaw<(BucketCounts & { videoId: string })[]>(Prisma.sql`
      SELECT video_id AS "videoId", floor(position_seconds / ${BUCKET_SECONDS})::int AS bucket,
        count(*) FILTER (WHERE type = 'VIDEO_SEEK')::int AS rewinds, count(*) FILTER (WHERE type = 'VIDEO_PAUSE')::int AS pauses,
        count(*) FILTER (WHERE type = 'CONFUSED')::int AS "confusedFlags", count(*) FILTER (WHERE type = 'TUTOR_QUESTION')::int AS "tutorQuestions",
        count(*) FILTER (WHERE type = 'QUIZ_WRONG_ANSWER')::int AS "wrongAnswers"
      FROM analytics_events
      WHERE course_id = ${courseId}::uuid AND received_at > now() - interval '10 minutes' AND learner
        AND video_id IS NOT NULL AND position_seconds IS NOT NULL
        AND (type IN ${CONFUSION_EVENT_TYPES} OR (type = 'VIDEO_SEEK' AND from_position_seconds > position_seconds))
      GROUP BY 1, 2`),
    platform.db.$queryRaw<{ activeViewers: number; eventsLastMinute: number; at: Date }[]>(Prisma.sql`
      SELECT count(DISTINCT user_id) FILTER (WHERE type IN ('VIDEO_HEARTBEAT', 'PROGRESS'))::int AS "activeViewers",
        count(*) FILTER (WHERE type NOT IN ('ENROLLED', 'COMPLETED', 'PAYMENT', 'REFUND'))::int AS "eventsLastMinute", now() AS at
      FROM analytics_events
      WHERE course_id = ${courseId}::uuid AND received_at > now() - interval '1 minute' AND learner`),
  ]);
  const scored = scoreBuckets(rows);
  const hotspots = rows
    .map((row, index) => ({ videoId: row.videoId, bucket: scored[index] }))
    .sort((a, b) => b.bucket.score - a.bucket.score || a.bucket.startSeconds - b.bucket.startSeconds)
    .slice(0, HOTSPOT_COUNT);
  const [{ activeViewers, eventsLastMinute, at }] = counts;
  return { courseId, at: at.toISOString(), activeViewers, eventsLastMinute, hotspots };
}

/** Moves the course's tick to this second unless an instance did already: true for the one that did. */
async function claimSecond(platform: Platform, courseId: string, second: number): Promise<boolean> {
  const claimed = await platform.db.$executeRaw`
    INSERT INTO analytics_live_ticks AS t (course_id, second) VALUES (${courseId}::uuid, ${second})
    ON CONFLICT (course_id) DO UPDATE SET second = EXCLUDED.second WHERE t.second < EXCLUDED.second`;
  return claimed > 0;
}

async function tick(platform: Platform, courseId: string, retry: boolean): Promise<void> {
  pending.get(platform.db)?.delete(courseId);
  if (await claimSecond(platform, courseId, Math.floor(Date.now() / 1000))) {
    const stats = await computeLiveStats(platform, courseId);
    latestOf(platform).set(courseId, stats);
    platform.events.publish(LIVE_TOPIC, courseId, stats);
  } else if (!retry) {
    schedule(platform, courseId, true);
  }
}

function latestOf(platform: Platform): Map<string, LiveStats> {
  let map = latest.get(platform.db);
  if (!map) latest.set(platform.db, (map = new Map()));
  return map;
}

function schedule(platform: Platform, courseId: string, retry: boolean): void {
  let courses = pending.get(platform.db);
  if (!courses) pending.set(platform.db, (courses = new Map()));
  if (courses.has(courseId)) return;
  // The next whole second: instances line up on the same second to claim.
  const timer = setTimeout(() => {
    tick(platform, courseId, retry).catch((error: unknown) => platform.log.warn({ err: error, courseId }, "live course analytics not computed"));
  }, 1000 - (Date.now() % 1000));
  timer.unref();
  courses.set(courseId, { timer, retry });
}

/** New events were stored for these courses: their open dashboards hear of them within two seconds. */
export function touchLiveCourses(platform: Platform, courseIds: readonly string[]): void {
  for (const courseId of courseIds) platform.events.publish(TOUCHED_TOPIC, courseId, true);
}

/** The figures now (or of this second, computed already), then each computation published, until the subscriber leaves. */
export async function* liveStatsOf(context: Context, courseId: string): AsyncGenerator<LiveStats> {
  const updates = (context.events.subscribe(LIVE_TOPIC, courseId) as AsyncIterable<LiveStats>)[Symbol.asyncIterator]();
  const touches = (context.events.subscribe(TOUCHED_TOPIC, courseId) as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  void (async () => {
    for (let touch = await touches.next(); !touch.done; touch = await touches.next()) schedule(context, courseId, false);
  })().catch((error: unknown) => context.log.warn({ err: error, courseId }, "live course analytics stopped listening"));
  try {
    const recent = latestOf(context).get(courseId);
    yield recent && Date.now() - Date.parse(recent.at) < 1000 ? recent : await computeLiveStats(context, courseId);
    for (;;) {
      const next = await updates.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await Promise.all([updates.return?.(), touches.return?.()]);
  }
}
