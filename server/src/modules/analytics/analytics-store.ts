// The analytics store: the seam behind which events are kept (this file) and rolled up
// (analytics-rollups.ts, read by course-analytics.service.ts). Today one PostgreSQL: a
// month-partitioned events table, and rollup tables a job keeps up with it. When one PostgreSQL
// no longer keeps up, these files are what move to an engine built for events (ClickHouse with
// materialized views, or TimescaleDB continuous aggregates), the module's services reading only
// through them.
import DataLoader from "dataloader";
import { sendStatement, type Database } from "../../platform/db.ts";

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

/** The most calls whose events one statement stores: 20 calls of 500 events make about 3 MB of JSON. */
const MAX_CALLS_PER_STATEMENT = 20;

/**
 * Stores the events not stored before (a (user, clientEventId) key seen already is skipped) and
 * answers how many were stored, by course (the rest were duplicates).
 *
 * Calls made while a statement is under way wait for it and then go in one statement together
 * (group commit): under load, players' batches share a statement, a commit and a round trip
 * instead of paying for one each, and an idle server sends a lone call at once.
 */
export function appendEvents(db: Database, events: readonly StoredEvent[]): Promise<Map<string, number>> {
  if (events.length === 0) return Promise.resolve(new Map());
  return appenderOf(db).load(events);
}

const appenders = new WeakMap<Database, DataLoader<readonly StoredEvent[], Map<string, number>>>();

function appenderOf(db: Database): DataLoader<readonly StoredEvent[], Map<string, number>> {
  let appender = appenders.get(db);
  if (!appender) {
    let underWay: Promise<unknown> = Promise.resolve();
    appender = new DataLoader(
      (calls) => {
        const stored = storeCalls(db, calls);
        underWay = stored.catch(() => undefined);
        return stored;
      },
      { cache: false, maxBatchSize: MAX_CALLS_PER_STATEMENT, batchScheduleFn: (send) => void underWay.then(send) },
    );
    appenders.set(db, appender);
  }
  return appender;
}

/** One statement for the calls' events, the events passed as one JSON document (one parameter rather than a column array each). */
async function storeCalls(db: Database, calls: readonly (readonly StoredEvent[])[]): Promise<Map<string, number>[]> {
  const records = calls.flatMap((events, call) => events.map((event) => asRecord(event, call)));
  const rows = await sendStatement<{ call: number; courseId: string; stored: number }>(db, APPEND_EVENTS, [JSON.stringify(records)]);
  const storedByCall = calls.map(() => new Map<string, number>());
  for (const row of rows) storedByCall[row.call].set(row.courseId, row.stored);
  return storedByCall;
}

/**
 * Keys are inserted in order so that concurrent statements lock them in the same order. A key
 * sent by two calls of one statement is the earlier call's; the later one's is a duplicate.
 */
const APPEND_EVENTS = `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS e(
      call int, user_id uuid, client_event_id text, type text, course_id uuid, video_id uuid, position_seconds float8,
      from_position_seconds float8, playback_rate float8, occurred_at timestamptz, learner bool, detail jsonb)
  ),
  fresh AS (
    INSERT INTO analytics_event_keys (user_id, client_event_id)
    SELECT DISTINCT user_id, client_event_id FROM input ORDER BY user_id, client_event_id
    ON CONFLICT DO NOTHING
    RETURNING user_id, client_event_id
  ),
  kept AS (
    SELECT DISTINCT ON (i.user_id, i.client_event_id) i.*
    FROM input i JOIN fresh USING (user_id, client_event_id)
    ORDER BY i.user_id, i.client_event_id, i.call
  ),
  stored AS (
    INSERT INTO analytics_events (occurred_at, user_id, client_event_id, type, course_id, video_id, position_seconds, from_position_seconds, playback_rate, learner, detail)
    SELECT occurred_at, user_id, client_event_id, type, course_id, video_id, position_seconds, from_position_seconds, playback_rate, learner, detail
    FROM kept
  )
  SELECT call, course_id AS "courseId", count(*)::int AS stored FROM kept GROUP BY call, course_id`;

const asRecord = (event: StoredEvent, call: number) => ({
  call,
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
