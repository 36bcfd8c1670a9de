// The analytics store: the one seam behind which events are kept and rolled up. Today one
// PostgreSQL (a month-partitioned events table, rollup tables upserted by the same statement that
// stores the events); when one PostgreSQL no longer keeps up, this file is what moves to an engine
// built for events (ClickHouse with materialized views, or TimescaleDB continuous aggregates), the
// module's services reading only through it.
import { Prisma, type Database } from "../../platform/db.ts";

/** The viewer's event types (trackEvents) and the ones recorded from other modules' domain events. */
export type StoredEventType =
  | "COURSE_VIEW" | "VIDEO_PLAY" | "VIDEO_PAUSE" | "VIDEO_SEEK" | "VIDEO_ENDED" | "VIDEO_HEARTBEAT" | "VIDEO_RATE_CHANGE" | "CONFUSED"
  | "ENROLLED" | "COMPLETED" | "PROGRESS" | "PAYMENT" | "REFUND" | "TUTOR_QUESTION";

export interface StoredEvent {
  userId: string;
  /** The client's id, or `<domain event name>:<domain event id>`. */
  clientEventId: string;
  type: StoredEventType;
  courseId: string;
  videoId: string | null;
  positionSeconds: number | null;
  fromPositionSeconds: number | null;
  playbackRate: number | null;
  occurredAt: Date;
  /** False for the course's team previewing it: stored, left out of every figure. */
  learner: boolean;
  /** PROGRESS: { ranges: [[start, end], ...] } (clamped to the video); PAYMENT and REFUND: { cents }. */
  detail: { ranges: [number, number][] } | { cents: number } | null;
}

/** The seconds of a 5-second confusion bucket. */
export const BUCKET_SECONDS = 5;

/**
 * Stores the events not stored before (a (user, clientEventId) key seen already is skipped) and
 * adds them to the rollups, all in one statement, its own transaction: a figure never counts an
 * event that is not stored, and the statement count of a call is one whatever its size. Rows are
 * upserted in key order so that concurrent calls lock shared rollup rows in the same order.
 * Answers the events stored, by course (the rest were duplicates).
 */
export async function appendEvents(db: Database, events: readonly StoredEvent[]): Promise<Map<string, number>> {
  if (events.length === 0) return new Map();
  const column = <T>(pick: (event: StoredEvent) => T) => events.map(pick);
  const rows = await db.$queryRaw<{ courseId: string; stored: number }[]>(Prisma.sql`
    WITH input AS (
      SELECT * FROM unnest(
        ${column((e) => e.userId)}::uuid[], ${column((e) => e.clientEventId)}::text[], ${column((e) => e.type)}::text[],
        ${column((e) => e.courseId)}::uuid[], ${column((e) => e.videoId)}::uuid[], ${column((e) => e.positionSeconds)}::float8[],
        ${column((e) => e.fromPositionSeconds)}::float8[], ${column((e) => e.playbackRate)}::float8[],
        ${column((e) => e.occurredAt)}::timestamptz[], ${column((e) => e.learner)}::bool[],
        ${column((e) => (e.detail ? JSON.stringify(e.detail) : null))}::text[]
      ) AS e(user_id, client_event_id, type, course_id, video_id, position_seconds, from_position_seconds, playback_rate, occurred_at, learner, detail)
    ),
    fresh AS (
      INSERT INTO analytics_event_keys (user_id, client_event_id)
      SELECT DISTINCT user_id, client_event_id FROM input ORDER BY user_id, client_event_id
      ON CONFLICT DO NOTHING
      RETURNING user_id, client_event_id
    ),
    stored AS (
      INSERT INTO analytics_events (occurred_at, user_id, client_event_id, type, course_id, video_id, position_seconds, from_position_seconds, playback_rate, learner, detail)
      SELECT DISTINCT ON (i.user_id, i.client_event_id) i.occurred_at, i.user_id, i.client_event_id, i.type, i.course_id, i.video_id,
        i.position_seconds, i.from_position_seconds, i.playback_rate, i.learner, i.detail::jsonb
      FROM input i JOIN fresh USING (user_id, client_event_id)
      RETURNING *
    ),
    learning AS (
      SELECT s.*, (s.occurred_at AT TIME ZONE 'UTC')::date AS day,
        CASE WHEN s.type = 'PROGRESS' THEN (SELECT range_agg(numrange((r->>0)::numeric, (r->>1)::numeric)) FROM jsonb_array_elements(s.detail->'ranges') r) END AS watched,
        CASE WHEN s.type = 'PROGRESS' THEN (SELECT coalesce(sum((r->>1)::float8 - (r->>0)::float8), 0) FROM jsonb_array_elements(s.detail->'ranges') r) ELSE 0 END AS watch,
        CASE s.type WHEN 'PAYMENT' THEN (s.detail->>'cents')::int WHEN 'REFUND' THEN -(s.detail->>'cents')::int ELSE 0 END AS cents
      FROM stored s WHERE s.learner
    ),
    learner_days AS (
      INSERT INTO analytics_course_learner_days (course_id, day, user_id)
      SELECT DISTINCT course_id, day, user_id FROM learning WHERE type NOT IN ('ENROLLED', 'COMPLETED', 'PAYMENT', 'REFUND')
      ORDER BY course_id, day, user_id
      ON CONFLICT DO NOTHING
    ),
    course_days AS (
      INSERT INTO analytics_course_days AS d (course_id, day, enrollments, completions, watch_seconds, revenue_cents)
      SELECT course_id, day, count(*) FILTER (WHERE type = 'ENROLLED'), count(*) FILTER (WHERE type = 'COMPLETED'), sum(watch), sum(cents)
      FROM learning WHERE type IN ('ENROLLED', 'COMPLETED', 'PROGRESS', 'PAYMENT', 'REFUND')
      GROUP BY course_id, day ORDER BY course_id, day
      ON CONFLICT (course_id, day) DO UPDATE SET
        enrollments = d.enrollments + EXCLUDED.enrollments, completions = d.completions + EXCLUDED.completions,
        watch_seconds = d.watch_seconds + EXCLUDED.watch_seconds, revenue_cents = d.revenue_cents + EXCLUDED.revenue_cents
    ),
    viewer_days AS (
      INSERT INTO analytics_video_viewer_days AS v (video_id, day, user_id, course_id, plays, watch_seconds, watched)
      SELECT video_id, day, user_id, course_id, count(*) FILTER (WHERE type = 'VIDEO_PLAY'), sum(watch), coalesce(range_agg(watched), '{}')
      FROM learning WHERE video_id IS NOT NULL AND type <> 'TUTOR_QUESTION'
      GROUP BY video_id, day, user_id, course_id ORDER BY video_id, day, user_id
      ON CONFLICT (video_id, day, user_id) DO UPDATE SET
        plays = v.plays + EXCLUDED.plays, watch_seconds = v.watch_seconds + EXCLUDED.watch_seconds, watched = v.watched + EXCLUDED.watched
    ),
    buckets AS (
      INSERT INTO analytics_video_buckets AS b (video_id, day, bucket, course_id, rewinds, pauses, confused_flags, tutor_questions)
      SELECT video_id, day, floor(position_seconds / ${BUCKET_SECONDS})::int, course_id,
        count(*) FILTER (WHERE type = 'VIDEO_SEEK'), count(*) FILTER (WHERE type = 'VIDEO_PAUSE'),
        count(*) FILTER (WHERE type = 'CONFUSED'), count(*) FILTER (WHERE type = 'TUTOR_QUESTION')
      FROM learning
      WHERE video_id IS NOT NULL AND position_seconds IS NOT NULL
        AND (type IN ('VIDEO_PAUSE', 'CONFUSED', 'TUTOR_QUESTION') OR (type = 'VIDEO_SEEK' AND from_position_seconds > position_seconds))
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3
      ON CONFLICT (video_id, day, bucket) DO UPDATE SET
        rewinds = b.rewinds + EXCLUDED.rewinds, pauses = b.pauses + EXCLUDED.pauses,
        confused_flags = b.confused_flags + EXCLUDED.confused_flags, tutor_questions = b.tutor_questions + EXCLUDED.tutor_questions
    )
    SELECT course_id AS "courseId", count(*)::int AS stored FROM stored GROUP BY course_id`);
  return new Map(rows.map((row) => [row.courseId, row.stored]));
}

/**
 * Recomputes a course's rollups from its raw events still kept (older ones were dropped with their
 * partitions, so their rollups are replaced by nothing: a repair for recent data, not history), in
 * one transaction. For data loaded in bulk with SQL (the read benchmark's year of events) and for
 * repairs; events stored meanwhile by appendEvents would be counted twice or not at all, so it
 * runs while none arrive for the course.
 */
export async function rebuildRollups(db: Database, courseId: string): Promise<void> {
  const course = Prisma.sql`${courseId}::uuid`;
  await db.$transaction([
    db.$executeRaw`DELETE FROM analytics_course_days WHERE course_id = ${course}`,
    db.$executeRaw`DELETE FROM analytics_course_learner_days WHERE course_id = ${course}`,
    db.$executeRaw`DELETE FROM analytics_video_viewer_days WHERE course_id = ${course}`,
    db.$executeRaw`DELETE FROM analytics_video_buckets WHERE course_id = ${course}`,
    db.$executeRaw`
      INSERT INTO analytics_course_learner_days (course_id, day, user_id)
      SELECT DISTINCT course_id, (occurred_at AT TIME ZONE 'UTC')::date, user_id FROM analytics_events
      WHERE course_id = ${course} AND learner AND type NOT IN ('ENROLLED', 'COMPLETED', 'PAYMENT', 'REFUND')`,
    db.$executeRaw`
      INSERT INTO analytics_course_days (course_id, day, enrollments, completions, watch_seconds, revenue_cents)
      SELECT course_id, (occurred_at AT TIME ZONE 'UTC')::date, count(*) FILTER (WHERE type = 'ENROLLED'), count(*) FILTER (WHERE type = 'COMPLETED'),
        coalesce(sum((SELECT sum((r->>1)::float8 - (r->>0)::float8) FROM jsonb_array_elements(detail->'ranges') r)) FILTER (WHERE type = 'PROGRESS'), 0),
        coalesce(sum((detail->>'cents')::int) FILTER (WHERE type = 'PAYMENT'), 0) - coalesce(sum((detail->>'cents')::int) FILTER (WHERE type = 'REFUND'), 0)
      FROM analytics_events
      WHERE course_id = ${course} AND learner AND type IN ('ENROLLED', 'COMPLETED', 'PROGRESS', 'PAYMENT', 'REFUND')
      GROUP BY 1, 2`,
    db.$executeRaw`
      INSERT INTO analytics_video_viewer_days (video_id, day, user_id, course_id, plays, watch_seconds, watched)
      SELECT e.video_id, (e.occurred_at AT TIME ZONE 'UTC')::date, e.user_id, e.course_id,
        count(DISTINCT e.client_event_id) FILTER (WHERE e.type = 'VIDEO_PLAY'),
        coalesce(sum((r->>1)::float8 - (r->>0)::float8), 0),
        coalesce(range_agg(numrange((r->>0)::numeric, (r->>1)::numeric)) FILTER (WHERE r IS NOT NULL), '{}')
      FROM analytics_events e LEFT JOIN LATERAL jsonb_array_elements(CASE WHEN e.type = 'PROGRESS' THEN e.detail->'ranges' END) r ON true
      WHERE e.course_id = ${course} AND e.learner AND e.video_id IS NOT NULL AND e.type <> 'TUTOR_QUESTION'
      GROUP BY 1, 2, 3, 4`,
    db.$executeRaw`
      INSERT INTO analytics_video_buckets (video_id, day, bucket, course_id, rewinds, pauses, confused_flags, tutor_questions)
      SELECT video_id, (occurred_at AT TIME ZONE 'UTC')::date, floor(position_seconds / ${BUCKET_SECONDS})::int, course_id,
        count(*) FILTER (WHERE type = 'VIDEO_SEEK'), count(*) FILTER (WHERE type = 'VIDEO_PAUSE'),
        count(*) FILTER (WHERE type = 'CONFUSED'), count(*) FILTER (WHERE type = 'TUTOR_QUESTION')
      FROM analytics_events
      WHERE course_id = ${course} AND learner AND video_id IS NOT NULL AND position_seconds IS NOT NULL
        AND (type IN ('VIDEO_PAUSE', 'CONFUSED', 'TUTOR_QUESTION') OR (type = 'VIDEO_SEEK' AND from_position_seconds > position_seconds))
      GROUP BY 1, 2, 3, 4`,
  ]);
}
