// The analytics store: the seam behind which events are kept (this file) and rolled up
// (analytics-rollups.ts, read by course-analytics.service.ts). Today one PostgreSQL: a
// month-partitioned events table, and rollup tables a job keeps up with it. When one PostgreSQL
// no longer keeps up, these files are what move to an engine built for events (ClickHouse with
// materialized views, or TimescaleDB continuous aggregates), the module's services reading only
// through them.
import { poolUnder, type Database } from "../../platform/db.ts";

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
 * Stores the events not stored before (a (user, clientEventId) key seen already is skipped), in
 * one statement whatever the call's size, the events passed as one JSON document (one parameter
 * rather than a column array each). The rollups take them in shortly after (analytics-rollups.ts).
 * Keys are inserted in order so that concurrent calls lock them in the same order.
 * Answers the events stored, by course (the rest were duplicates).
 */
export async function appendEvents(db: Database, events: readonly StoredEvent[]): Promise<Map<string, number>> {
  if (events.length === 0) return new Map();
  const { rows } = await poolUnder(db).query<{ courseId: string; stored: number }>(APPEND_EVENTS, [JSON.stringify(events.map(asRecord))]);
  return new Map(rows.map((row) => [row.courseId, row.stored]));
}

/** Sent through node-postgres directly: Prisma's client would spend a millisecond on the JSON parameter. */
const APPEND_EVENTS = `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS e(
      user_id uuid, client_event_id text, type text, course_id uuid, video_id uuid, position_seconds float8,
      from_position_seconds float8, playback_rate float8, occurred_at timestamptz, learner bool, detail jsonb)
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
      i.position_seconds, i.from_position_seconds, i.playback_rate, i.learner, i.detail
    FROM input i JOIN fresh USING (user_id, client_event_id)
    RETURNING course_id
  )
  SELECT course_id AS "courseId", count(*)::int AS stored FROM stored GROUP BY course_id`;

const asRecord = (event: StoredEvent) => ({
  user_id: event.userId,
  client_event_id: event.clientEventId,
  type: event.type,
  course_id: event.courseId,
  video_id: event.videoId,
  position_seconds: event.positionSeconds,
  from_position_seconds: event.fromPositionSeconds,
  playback_rate: event.playbackRate,
  occurred_at: event.occurredAt.toISOString(),
  learner: event.learner,
  detail: event.detail,
});
