// The analytics store: the seam behind which events are kept (this file) and rolled up
// (analytics-rollups.ts, read by course-analytics.service.ts). Today one PostgreSQL: a
// month-partitioned events table, and rollup tables a job keeps up with it. When one PostgreSQL
// no longer keeps up, these files are what move to an engine built for events (ClickHouse with
// materialized views, or TimescaleDB continuous aggregates), the module's services reading only
// through them.
import DataLoader from "dataloader";
import { Prisma, readRows, sendStatement, type Database } from "../../platform/db.ts";

/** The viewer's event types (trackEvents) and the ones recorded from other modules' domain events. */
export type StoredEventType =
  | "COURSE_VIEW" | "VIDEO_INITIALIZED" | "VIDEO_PLAY" | "VIDEO_PAUSE" | "VIDEO_SEEK" | "VIDEO_ENDED" | "VIDEO_HEARTBEAT" | "VIDEO_RATE_CHANGE" | "CONFUSED"
  | "ENROLLED" | "COMPLETED" | "PROGRESS" | "PAYMENT" | "REFUND" | "TUTOR_QUESTION" | "QUIZ_WRONG_ANSWER";

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

/** The event types that are confusion signals where they happen (rewinds too: a seek backwards). */
export const CONFUSION_EVENT_TYPES = Prisma.sql`('VIDEO_PAUSE', 'CONFUSED', 'TUTOR_QUESTION', 'QUIZ_WRONG_ANSWER')`;

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

/** The events a learner's record is made of (integrations' xAPI statements): what they did with the videos, and their course's start and end. */
export const LEARNING_EVENT_TYPES = ["VIDEO_INITIALIZED", "VIDEO_PLAY", "VIDEO_PAUSE", "VIDEO_SEEK", "VIDEO_ENDED", "ENROLLED", "COMPLETED"] as const;
export type LearningEventType = (typeof LEARNING_EVENT_TYPES)[number];

/** Where a read of learning events goes on from: the last event read, in the order they were stored. */
export interface LearningEventKey {
  storedAt: Date;
  userId: string;
  clientEventId: string;
}

export interface LearningEvent extends LearningEventKey {
  type: LearningEventType;
  courseId: string;
  videoId: string | null;
  positionSeconds: number | null;
  fromPositionSeconds: number | null;
  occurredAt: Date;
  /**
   * VIDEO_PAUSE and VIDEO_ENDED: the seconds of the video the learner had watched, merged, from
   * their progress reports stored up to `reportsWithinSeconds` after the event (a report follows
   * the playing it tells of); null for the other types.
   */
  watchedRanges: [number, number][] | null;
}

export interface LearningEventQuery {
  /** One course's events; every course's when absent. */
  courseId?: string;
  /** Stored at or after. */
  since?: Date;
  /** Stored before. */
  until: Date;
  after?: LearningEventKey | null;
  limit: number;
  reportsWithinSeconds: number;
}

/** The learning events of a query's course and stored times, as `e`. */
const learningEventsIn = (query: Omit<LearningEventQuery, "after" | "limit" | "reportsWithinSeconds">) => Prisma.sql`
  e.learner AND e.type = ANY(${LEARNING_EVENT_TYPES}::text[])
  ${query.courseId ? Prisma.sql`AND e.course_id = ${query.courseId}::uuid` : Prisma.empty}
  AND e.received_at >= ${query.since ?? new Date(0)}::timestamptz AND e.received_at < ${query.until}::timestamptz`;

/**
 * Learners' events (never the course team's previews) in the order they were stored, read by the
 * stored time and its key: a course's through (course_id, received_at), every course's through the
 * primary key.
 */
export function readLearningEvents(db: Database, query: LearningEventQuery): Promise<LearningEvent[]> {
  const after = query.after ?? { storedAt: new Date(0), userId: "00000000-0000-0000-0000-000000000000", clientEventId: "" };
  return readRows<LearningEvent>(db, Prisma.sql`
    SELECT e.received_at AS "storedAt", e.user_id AS "userId", e.client_event_id AS "clientEventId", e.type, e.course_id AS "courseId",
      e.video_id AS "videoId", e.position_seconds AS "positionSeconds", e.from_position_seconds AS "fromPositionSeconds", e.occurred_at AS "occurredAt",
      CASE WHEN e.type IN ('VIDEO_PAUSE', 'VIDEO_ENDED') THEN (
        SELECT coalesce(jsonb_agg(jsonb_build_array(lower(watched)::float8, upper(watched)::float8) ORDER BY lower(watched)), '[]'::jsonb)
        FROM unnest((
          SELECT range_agg(numrange((r->>0)::numeric, (r->>1)::numeric))
          FROM analytics_events p, jsonb_array_elements(p.detail->'ranges') r
          WHERE p.type = 'PROGRESS' AND p.user_id = e.user_id AND p.video_id = e.video_id AND p.course_id = e.course_id
            AND p.received_at <= e.received_at + make_interval(secs => ${query.reportsWithinSeconds})
        )) watched
      ) END AS "watchedRanges"
    FROM analytics_events e
    WHERE ${learningEventsIn(query)}
      AND (e.received_at, e.user_id, e.client_event_id) > (${after.storedAt}::timestamptz, ${after.userId}::uuid, ${after.clientEventId})
    ORDER BY e.received_at, e.user_id, e.client_event_id
    LIMIT ${query.limit}`);
}

/** How many learning events a query's course and stored times hold. */
export async function countLearningEvents(db: Database, query: Omit<LearningEventQuery, "after" | "limit" | "reportsWithinSeconds">): Promise<number> {
  const [row] = await readRows<{ count: number }>(db, Prisma.sql`SELECT count(*)::int AS count FROM analytics_events e WHERE ${learningEventsIn(query)}`);
  return row!.count;
}
