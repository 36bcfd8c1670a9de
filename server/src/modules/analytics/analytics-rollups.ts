// The rollups: a job that takes the stored events in, in the order their transactions end, and
// adds them to the tables the dashboards read. Ingest only stores events (one cheap insert per
// call); a run then takes in every event stored since the last run, tens of thousands at once, so
// each rollup row is written once a run rather than once a call.
//
// Which events are new: each event carries its storing transaction's id (xid8). A run takes the
// events below the oldest transaction still running (pg_snapshot_xmin): those transactions have
// all ended, so no event below it can appear later; the next run starts there. One run at a time,
// across server instances: a run holds the lock of analytics_rollup_state's row.
//
// What is summed: per course and day, counters; per video and day, views and watch time, and the
// cohort of viewers whose first event on the video was that day (how many, the seconds they have
// watched so far, how many completed, the retention curve's changes). A viewer's later watching
// moves their cohort's figures: the run takes the viewer's former figures out and puts the new
// ones in, so every figure of a range is a sum over its days, read from a few hundred rows. The
// learners active in a range are counted from one row per learner (their active days, a
// multirange).
import { createDatabase, Prisma, type Database, type Transaction } from "../../platform/db.ts";
import { coalescedRuns, type CoalescedRuns } from "../../platform/coalesced-runs.ts";
import type { Platform } from "../../platform/platform.ts";
import { BUCKET_SECONDS, CONFUSION_EVENT_TYPES } from "./analytics-store.ts";

/** What a run needs to know of the course's videos and the platform's rules. */
export interface RollupSettings {
  /** A viewer has completed a video once they watched this share of it (COMPLETION_THRESHOLD). */
  completionThreshold: number;
  /** The videos' lengths, which viewers' seconds are measured against: media's, given by the module (the store keeps ids only). */
  durations(db: Pick<Database, "$queryRaw">, videoIds: readonly string[]): Promise<Map<string, number>>;
}

/** Events a run takes in at most; a backlog is taken in by several runs. */
const MAX_EVENTS_PER_RUN = 50_000;
/** How long after new events a run starts: the events stored meanwhile are taken in with them. */
const ROLLUP_DELAY_MS = 200;
/** A run however quiet: events another instance stored just before it stopped. */
const ROLLUP_SWEEP_MS = 5_000;
/** Types that are not watching: a learner's enrollment or payment does not make them active. */
const NOT_WATCHING = Prisma.sql`('ENROLLED', 'COMPLETED', 'PAYMENT', 'REFUND')`;

/** The batch: the learners' events being taken in, with what each adds (a temporary table of the transaction). */
async function fillBatch(tx: Transaction, events: Prisma.Sql): Promise<number> {
  await tx.$executeRaw`
    CREATE TEMPORARY TABLE rollup_batch ON COMMIT DROP AS
    SELECT e.course_id, e.video_id, e.user_id, e.type, (e.occurred_at AT TIME ZONE 'UTC')::date AS day, e.position_seconds, e.from_position_seconds,
      CASE WHEN e.type = 'PROGRESS' THEN (SELECT range_agg(numrange((r->>0)::numeric, (r->>1)::numeric)) FROM jsonb_array_elements(e.detail->'ranges') r) END AS watched,
      CASE WHEN e.type = 'PROGRESS' THEN (SELECT coalesce(sum((r->>1)::float8 - (r->>0)::float8), 0) FROM jsonb_array_elements(e.detail->'ranges') r) ELSE 0 END AS watch,
      CASE e.type WHEN 'PAYMENT' THEN (e.detail->>'cents')::int WHEN 'REFUND' THEN -(e.detail->>'cents')::int ELSE 0 END AS cents
    FROM analytics_events e WHERE e.learner AND ${events}`;
  const [{ count }] = await tx.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM rollup_batch`;
  return count;
}

/** Adds the batch to every rollup. Order does not matter: a batch adds the same whatever order its events came in. */
async function rollUpBatch(tx: Transaction, { completionThreshold, durations: durationsOf }: RollupSettings): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO analytics_course_days AS d (course_id, day, enrollments, completions, watch_seconds, revenue_cents)
    SELECT course_id, day, count(*) FILTER (WHERE type = 'ENROLLED'), count(*) FILTER (WHERE type = 'COMPLETED'), sum(watch), sum(cents)
    FROM rollup_batch WHERE type IN ('ENROLLED', 'COMPLETED', 'PROGRESS', 'PAYMENT', 'REFUND')
    GROUP BY course_id, day ORDER BY course_id, day
    ON CONFLICT (course_id, day) DO UPDATE SET
      enrollments = d.enrollments + EXCLUDED.enrollments, completions = d.completions + EXCLUDED.completions,
      watch_seconds = d.watch_seconds + EXCLUDED.watch_seconds, revenue_cents = d.revenue_cents + EXCLUDED.revenue_cents`;

  // Learners: a day not yet among their active days makes them one more active learner that day.
  await tx.$executeRaw`
    WITH active AS (
      SELECT course_id, user_id, range_agg(daterange(day, day, '[]')) AS days FROM rollup_batch WHERE type NOT IN ${NOT_WATCHING} GROUP BY 1, 2
    ),
    new_days AS (
      SELECT a.course_id, g.day::date AS day
      FROM active a LEFT JOIN analytics_course_learners l USING (course_id, user_id),
        unnest(a.days - coalesce(l.active_days, '{}')) r, generate_series(lower(r), upper(r) - 1, interval '1 day') g(day)
    ),
    learners AS (
      INSERT INTO analytics_course_learners AS l (course_id, user_id, active_days) SELECT course_id, user_id, days FROM active ORDER BY 1, 2
      ON CONFLICT (course_id, user_id) DO UPDATE SET active_days = l.active_days + EXCLUDED.active_days
    )
    INSERT INTO analytics_course_days AS d (course_id, day, active_learners)
    SELECT course_id, day, count(*) FROM new_days GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (course_id, day) DO UPDATE SET active_learners = d.active_learners + EXCLUDED.active_learners`;

  // Viewers: their figures before the batch and after it, side by side.
  await tx.$executeRaw`
    CREATE TEMPORARY TABLE rollup_viewers ON COMMIT DROP AS
    WITH touched AS (
      SELECT video_id, user_id, course_id, min(day) AS first_day,
        coalesce(range_agg(daterange(day, day, '[]')) FILTER (WHERE type = 'VIDEO_PLAY'), '{}') AS play_days,
        coalesce(range_agg(watched) FILTER (WHERE watched IS NOT NULL), '{}') AS watched
      FROM rollup_batch WHERE video_id IS NOT NULL AND type NOT IN ('TUTOR_QUESTION', 'QUIZ_WRONG_ANSWER')
      GROUP BY 1, 2, 3
    )
    SELECT t.video_id, t.user_id, t.course_id,
      o.first_day AS old_first_day, o.play_days AS old_play_days, o.watched AS old_watched, o.watched_seconds AS old_seconds, o.completed AS old_completed,
      least(t.first_day, o.first_day) AS first_day, coalesce(o.play_days, '{}') + t.play_days AS play_days, coalesce(o.watched, '{}') + t.watched AS watched,
      0::float8 AS watched_seconds, false AS completed
    FROM touched t LEFT JOIN analytics_video_viewers o USING (video_id, user_id)`;
  const videoIds = (await tx.$queryRaw<{ id: string }[]>`SELECT DISTINCT video_id AS id FROM rollup_viewers`).map((row) => row.id);
  if (videoIds.length > 0) {
    const durations = await durationsOf(tx, videoIds);
    await tx.$executeRaw`
      UPDATE rollup_viewers v SET watched_seconds = m.seconds, completed = m.duration > 0 AND m.seconds >= ${completionThreshold}::float8 * m.duration
      FROM (
        SELECT x.video_id, x.user_id, d.duration, least(d.duration, (SELECT coalesce(sum(upper(r) - lower(r)), 0)::float8 FROM unnest(x.watched) r)) AS seconds
        FROM rollup_viewers x JOIN unnest(${videoIds}::uuid[], ${videoIds.map((id) => durations.get(id) ?? 0)}::float8[]) AS d(video_id, duration) USING (video_id)
      ) AS m
      WHERE v.video_id = m.video_id AND v.user_id = m.user_id`;
  }
  await tx.$executeRaw`
    INSERT INTO analytics_video_viewers AS o (video_id, user_id, course_id, first_day, play_days, watched, watched_seconds, completed)
    SELECT video_id, user_id, course_id, first_day, play_days, watched, watched_seconds, completed FROM rollup_viewers ORDER BY 1, 2
    ON CONFLICT (video_id, user_id) DO UPDATE SET first_day = EXCLUDED.first_day, play_days = EXCLUDED.play_days,
      watched = EXCLUDED.watched, watched_seconds = EXCLUDED.watched_seconds, completed = EXCLUDED.completed`;
  await tx.$executeRaw`
    INSERT INTO analytics_video_days AS d (video_id, day, course_id, views, watch_seconds, viewers, watched_seconds, completed_viewers)
    SELECT video_id, day, course_id, sum(views), sum(watch), sum(viewers), sum(seconds), sum(completed) FROM (
      SELECT v.video_id, g.day::date AS day, v.course_id, 1 AS views, 0::float8 AS watch, 0 AS viewers, 0::float8 AS seconds, 0 AS completed
      FROM rollup_viewers v, unnest(v.play_days - coalesce(v.old_play_days, '{}')) r, generate_series(lower(r), upper(r) - 1, interval '1 day') g(day)
      UNION ALL
      SELECT video_id, day, course_id, 0, sum(watch), 0, 0, 0 FROM rollup_batch WHERE type = 'PROGRESS' GROUP BY 1, 2, 3
      UNION ALL
      SELECT video_id, old_first_day, course_id, 0, 0, -1, -old_seconds, -old_completed::int FROM rollup_viewers WHERE old_first_day IS NOT NULL
      UNION ALL
      SELECT video_id, first_day, course_id, 0, 0, 1, watched_seconds, completed::int FROM rollup_viewers
    ) AS changes
    GROUP BY 1, 2, 3 ORDER BY 1, 2
    ON CONFLICT (video_id, day) DO UPDATE SET views = d.views + EXCLUDED.views, watch_seconds = d.watch_seconds + EXCLUDED.watch_seconds,
      viewers = d.viewers + EXCLUDED.viewers, watched_seconds = d.watched_seconds + EXCLUDED.watched_seconds,
      completed_viewers = d.completed_viewers + EXCLUDED.completed_viewers`;
  // Second k was watched when a range holds k + 0.5: a range adds a viewer from ceil(lower - 0.5) to ceil(upper - 0.5).
  await tx.$executeRaw`
    INSERT INTO analytics_video_retention AS t (video_id, day, second, course_id, viewers)
    SELECT video_id, day, second, course_id, sum(change)::int FROM (
      SELECT video_id, old_first_day AS day, course_id, ceil(lower(r) - 0.5)::int AS second, -1 AS change FROM rollup_viewers, unnest(old_watched) r WHERE old_first_day IS NOT NULL
      UNION ALL SELECT video_id, old_first_day, course_id, ceil(upper(r) - 0.5)::int, 1 FROM rollup_viewers, unnest(old_watched) r WHERE old_first_day IS NOT NULL
      UNION ALL SELECT video_id, first_day, course_id, ceil(lower(r) - 0.5)::int, 1 FROM rollup_viewers, unnest(watched) r
      UNION ALL SELECT video_id, first_day, course_id, ceil(upper(r) - 0.5)::int, -1 FROM rollup_viewers, unnest(watched) r
    ) AS changes
    GROUP BY 1, 2, 3, 4 HAVING sum(change) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (video_id, day, second) DO UPDATE SET viewers = t.viewers + EXCLUDED.viewers`;
  await tx.$executeRaw`
    INSERT INTO analytics_course_learners AS l (course_id, user_id, watched_seconds)
    SELECT course_id, user_id, sum(watched_seconds - coalesce(old_seconds, 0)) FROM rollup_viewers GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (course_id, user_id) DO UPDATE SET watched_seconds = l.watched_seconds + EXCLUDED.watched_seconds`;

  await tx.$executeRaw`
    INSERT INTO analytics_video_buckets AS b (video_id, day, bucket, course_id, rewinds, pauses, confused_flags, tutor_questions, wrong_answers)
    SELECT video_id, day, floor(position_seconds / ${BUCKET_SECONDS})::int, course_id,
      count(*) FILTER (WHERE type = 'VIDEO_SEEK'), count(*) FILTER (WHERE type = 'VIDEO_PAUSE'),
      count(*) FILTER (WHERE type = 'CONFUSED'), count(*) FILTER (WHERE type = 'TUTOR_QUESTION'), count(*) FILTER (WHERE type = 'QUIZ_WRONG_ANSWER')
    FROM rollup_batch
    WHERE video_id IS NOT NULL AND position_seconds IS NOT NULL
      AND (type IN ${CONFUSION_EVENT_TYPES} OR (type = 'VIDEO_SEEK' AND from_position_seconds > position_seconds))
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3
    ON CONFLICT (video_id, day, bucket) DO UPDATE SET
      rewinds = b.rewinds + EXCLUDED.rewinds, pauses = b.pauses + EXCLUDED.pauses,
      confused_flags = b.confused_flags + EXCLUDED.confused_flags, tutor_questions = b.tutor_questions + EXCLUDED.tutor_questions,
      wrong_answers = b.wrong_answers + EXCLUDED.wrong_answers`;
  await bumpVersions(tx, Prisma.sql`SELECT DISTINCT course_id FROM rollup_batch`);
}

/** The courses' figures changed: what was computed before no longer holds. */
function bumpVersions(tx: Transaction, courses: Prisma.Sql) {
  return tx.$executeRaw`
    INSERT INTO analytics_course_versions AS v (course_id, version) SELECT course_id, 1 FROM (${courses}) AS c(course_id) ORDER BY 1
    ON CONFLICT (course_id) DO UPDATE SET version = v.version + 1`;
}

/** The rollups' lock and watermark, or null when another run holds them (skipLocked). */
async function lockRollups(tx: Transaction, skipLocked: boolean): Promise<string | null> {
  const rows = await tx.$queryRaw<{ before: string }[]>`
    SELECT rolled_up_before::text AS before FROM analytics_rollup_state WHERE id = 1 FOR UPDATE ${skipLocked ? Prisma.sql`SKIP LOCKED` : Prisma.empty}`;
  return rows[0]?.before ?? null;
}

/**
 * One run: takes in the events stored since the last run (at most MAX_EVENTS_PER_RUN of them, by
 * whole transactions). Answers how many learner events it took in and whether some remain, or
 * null when another run was under way.
 */
export async function rollUpNewEvents(db: Database, settings: RollupSettings): Promise<{ events: number; more: boolean } | null> {
  return db.$transaction(
    async (tx) => {
      const before = await lockRollups(tx, true);
      if (before === null) return null;
      const [{ horizon }] = await tx.$queryRaw<{ horizon: string }[]>`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon`;
      // A backlog: stop at a transaction boundary after MAX_EVENTS_PER_RUN events, or after the
      // first transaction when that one alone holds more (a bulk load): a transaction is never split.
      const [{ first, cut }] = await tx.$queryRaw<{ first: string | null; cut: string | null }[]>`
        SELECT (SELECT min(xid) FROM analytics_events WHERE xid >= ${before}::xid8)::text AS first,
          (SELECT xid FROM analytics_events WHERE xid >= ${before}::xid8 AND xid < ${horizon}::xid8 ORDER BY xid OFFSET ${MAX_EVENTS_PER_RUN} LIMIT 1)::text AS cut`;
      // Nothing new: the watermark stays (the next run's look is as cheap), and nothing is written.
      if (first === null || BigInt(first) >= BigInt(horizon)) return { events: 0, more: false };
      const upTo = cut === null ? horizon : cut === first ? String(BigInt(cut) + 1n) : cut;
      const events = await fillBatch(tx, Prisma.sql`e.xid >= ${before}::xid8 AND e.xid < ${upTo}::xid8`);
      if (events > 0) await rollUpBatch(tx, settings);
      await tx.$executeRaw`UPDATE analytics_rollup_state SET rolled_up_before = ${upTo}::xid8 WHERE id = 1`;
      return { events, more: upTo !== horizon };
    },
    { timeout: 5 * 60_000 },
  );
}

/**
 * Recomputes a course's rollups from its raw events still kept (older ones were dropped with their
 * partitions, and their figures with them: a repair for recent data, not history). It holds the
 * rollups' lock and takes the events the runs have taken in so far; those stored since are left to
 * the next run, so nothing is counted twice or lost while learners keep watching.
 */
export async function rebuildRollups(db: Database, courseId: string, settings: RollupSettings): Promise<void> {
  await db.$transaction(
    async (tx) => {
      const before = await lockRollups(tx, false);
      const course = Prisma.sql`${courseId}::uuid`;
      for (const table of ["analytics_course_days", "analytics_course_learners", "analytics_video_viewers", "analytics_video_days", "analytics_video_retention", "analytics_video_buckets"]) {
        await tx.$executeRaw`DELETE FROM ${Prisma.raw(table)} WHERE course_id = ${course}`;
      }
      if ((await fillBatch(tx, Prisma.sql`e.course_id = ${course} AND e.xid < ${before}::xid8`)) > 0) await rollUpBatch(tx, settings);
      await bumpVersions(tx, Prisma.sql`SELECT ${course}`);
    },
    { timeout: 30 * 60_000 },
  );
}

interface Rollups {
  /** The runs' own connection: a long run never holds one the requests need. */
  db: Database;
  runs: CoalescedRuns;
  timer: NodeJS.Timeout | null;
  sweep: NodeJS.Timeout | null;
  stopped: boolean;
}

/** Per server instance (its database client): its runs, one at a time, a call during a run getting one more after it. */
const rollupsByPlatform = new WeakMap<Database, Rollups>();

/** The instance's rollups, made by startRollups (before the server takes requests). */
function rollupsOf(platform: Platform): Rollups {
  const state = rollupsByPlatform.get(platform.db);
  if (!state) throw new Error("analytics rollups used before startRollups");
  return state;
}

/** New events were stored: a run starts within ROLLUP_DELAY_MS, taking in whatever was stored meanwhile too. */
export function scheduleRollup(platform: Platform): void {
  const state = rollupsOf(platform);
  if (state.timer || state.stopped) return;
  state.timer = setTimeout(() => {
    state.timer = null;
    state.runs().catch((error: unknown) => platform.log.warn({ err: error }, "analytics rollups not updated; the next run retries"));
  }, ROLLUP_DELAY_MS);
  state.timer.unref();
}

/** Every event stored before the call is in the rollups when this resolves (for tests and tools). */
export async function rollUpNow(platform: Platform): Promise<void> {
  const state = rollupsOf(platform);
  for (;;) {
    await state.runs();
    const [{ behind }] = await platform.db.$queryRaw<{ behind: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM analytics_events WHERE xid >= (SELECT rolled_up_before FROM analytics_rollup_state WHERE id = 1)) AS behind`;
    if (!behind) return;
  }
}

/** Runs from now on: soon after new events, and a sweep for events no run was scheduled for (stored by an instance that stopped). */
export function startRollups(platform: Platform, settings: RollupSettings): void {
  // createApp refuses to start without a database URL.
  const db = createDatabase({ url: platform.config.databaseUrl!, poolSize: 1 });
  const runs = coalescedRuns(async () => {
    for (;;) {
      const run = await rollUpNewEvents(db, settings);
      // Another instance's run: it may have started before these events, so look again soon.
      if (run === null) return void scheduleRollup(platform);
      if (!run.more) return;
    }
  });
  const state: Rollups = { db, runs, timer: null, sweep: null, stopped: false };
  rollupsByPlatform.set(platform.db, state);
  state.sweep = setInterval(() => scheduleRollup(platform), ROLLUP_SWEEP_MS);
  state.sweep.unref();
  scheduleRollup(platform);
}

/** No run starts after this; the one under way ends first. */
export async function stopRollups(platform: Platform): Promise<void> {
  const state = rollupsByPlatform.get(platform.db);
  if (!state) return;
  state.stopped = true;
  clearInterval(state.sweep ?? undefined);
  clearTimeout(state.timer ?? undefined);
  state.sweep = state.timer = null;
  await state.runs.idle();
  await state.db.$disconnect();
}
