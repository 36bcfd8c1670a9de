// courseAnalytics and videoAnalytics over a course with a year of data: 5 million raw events
// written with SQL (sessions of learners watching the course's 20 videos: a play, a progress
// report every 10 s with its watched range, a heartbeat every 15 s, pauses, backward seeks,
// "I'm confused" flags, the end; enrollments, payments, refunds and completions), then taken into
// the rollups by the rollup job's own runs (rollUpNewEvents), as if they had just arrived. The
// instructor's dashboard reads are then loaded with 10 connections each, in rounds interleaved
// with `me`; one more load reads while new events keep arriving, so that no read finds its
// figures computed already.
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { seedCatalog } from "../../prisma/seed-catalog.ts";
import { PrismaClient } from "../../server/src/generated/prisma/client.ts";
import { maintainEventPartitions } from "../../server/src/modules/analytics/analytics-partitions.ts";
import { rollUpNewEvents, type RollupSettings } from "../../server/src/modules/analytics/analytics-rollups.ts";
import { Prisma, type Database } from "../../server/src/platform/db.ts";
import { toGlobalId } from "../../server/src/platform/ids.ts";
import { signUpAccounts, type BenchAccount } from "../accounts.ts";
import { callGraphQL, graphqlLoadSpec } from "../graphql.ts";
import { measureLoad } from "../load.ts";
import { failuresOf, type BenchContext, type Measurement, type Scenario, type TargetCheck } from "../scenario.ts";
import { measureMe } from "./me.ts";

/** The issue's figure: at least 5 million raw events in the course's year. */
const EVENTS = 5_000_000;
const LEARNERS = 4_000;
const VIDEOS = 20;
const DAYS = 365;
/** Watching sessions written per statement (about 72 events each, some 720,000 a statement). */
const SESSIONS_PER_CHUNK = 10_000;
const CONNECTIONS = 10;
const DURATION_SECONDS = 10;
const ROUNDS = 2;
const P99_TARGET_MS = 50;
const PRICE_CENTS = 4_900;
/** Above a year and its partial first month, so the running server's maintenance keeps every partition seeded. */
const RETENTION_DAYS = 400;
const DAY_MS = 86_400_000;
/** What the API server's rollup runs know: its default COMPLETION_THRESHOLD, and the videos' lengths (read here from the seeded videos). */
const ROLLUP_SETTINGS: RollupSettings = {
  completionThreshold: 0.9,
  durations: async (db, videoIds) => {
    const rows = await db.$queryRaw<{ id: string; seconds: number }[]>`SELECT id, exact_duration_seconds AS seconds FROM videos WHERE id = ANY(${videoIds}::uuid[])`;
    return new Map(rows.map((row) => [row.id, row.seconds]));
  },
};
/** While events arrive: a learner's few events every so often, each taken into the rollups at once (a new course version). */
const ARRIVAL_INTERVAL_MS = 250;

/** The dashboard's own selections (web/src/pages/teaching/analytics/courseAnalytics.graphql), without the player's fields. */
const VIDEO_FIGURES = /* GraphQL */ `video { id title position durationSeconds } views uniqueViewers watchTimeSeconds averagePercentWatched completionRate`;
const COURSE_ANALYTICS = /* GraphQL */ `
  query BenchCourseAnalytics($courseId: ID!, $from: DateTime, $to: DateTime) {
    courseAnalytics(courseId: $courseId, from: $from, to: $to) {
      from to enrollments activeLearners completions completionRate averageProgressPercent watchTimeSeconds revenueCents
      daily { date enrollments activeLearners completions watchTimeSeconds revenueCents }
      videos { ${VIDEO_FIGURES} }
    }
  }
`;
const VIDEO_ANALYTICS = /* GraphQL */ `
  query BenchVideoAnalytics($videoId: ID!, $from: DateTime, $to: DateTime) {
    videoAnalytics(videoId: $videoId, from: $from, to: $to) {
      ${VIDEO_FIGURES}
      retention { second viewers }
      confusion { startSeconds endSeconds score rewinds pauses confusedFlags tutorQuestions }
    }
  }
`;

interface Prepared {
  instructor: BenchAccount;
  courseId: string;
  courseRowId: string;
  videos: { id: string; seconds: number }[];
  /** The course's first video: the one most watched. */
  videoId: string;
}

/** Per "while events arrive" load: the course versions its arrivals made. */
const arrivals: number[] = [];
let seeding: { events: number; sessions: number; insertSeconds: number; rollupSeconds: number; totalSeconds: number } | undefined;

/** A uniform number in [0, 1) drawn from the session number and a salt: the same data on every run. */
const uniform = (salt: number) => Prisma.raw(`((hashint8extended(s, ${salt}) & 4294967295)::float8 / 4294967296)`);

/**
 * Sessions [first, last]: each is a learner enrolled by then watching one video once, at a moment of
 * the year (uniform), early videos more often than late ones (learners drop off), from the start or
 * resuming, to the end or stopping. Answers the events written.
 */
function insertSessions(db: Database, courseId: string, videos: { id: string; seconds: number }[], now: Date, first: number, last: number): Promise<number> {
  const yearSeconds = DAYS * 86_400;
  return db.$executeRaw(Prisma.sql`
    WITH video AS (
      SELECT (n - 1)::int AS index, id, seconds FROM unnest(${videos.map((v) => v.id)}::uuid[], ${videos.map((v) => v.seconds)}::float8[]) WITH ORDINALITY AS v(id, seconds, n)
    ),
    drawn AS (
      SELECT s, ${uniform(1)} AS u_age, ${uniform(2)} AS u_learner, ${uniform(3)} AS u_video, ${uniform(4)} AS u_resume, ${uniform(5)} AS u_start,
        ${uniform(6)} AS u_length, ${uniform(7)} AS u_pause, ${uniform(8)} AS u_seek, ${uniform(9)} AS u_confused, ${uniform(10)} AS u_spot,
        ${uniform(11)} AS u_rate, ${uniform(12)} AS u_tutor
      FROM generate_series(${first}::bigint, ${last}::bigint) AS s
    ),
    session AS (
      SELECT d.*, v.id AS video_id, v.seconds AS duration,
        -- Started between 2 hours and a year ago; by a learner who had enrolled by then (learner n enrolls n/LEARNERS into the year).
        ${now}::timestamptz - make_interval(secs => 7200 + d.u_age * (${yearSeconds}::float8 - 14400)) AS started_at,
        floor((1 - (7200 + d.u_age * (${yearSeconds}::float8 - 14400)) / ${yearSeconds}::float8) * ${LEARNERS}::int * sqrt(d.u_learner))::int AS learner,
        CASE WHEN d.u_resume < 0.7 THEN 0 ELSE floor(d.u_start * v.seconds * 0.8) END AS start,
        v.seconds * 0.6 AS hard_moment
      FROM drawn d JOIN video v ON v.index = least(${VIDEOS - 1}::int, floor(${VIDEOS}::int * power(d.u_video, 1.6))::int)
    ),
    played AS (
      SELECT *, greatest(10, floor((duration - start) * CASE WHEN u_length < 0.55 THEN 1 ELSE u_length END)) AS playback FROM session
    ),
    shaped AS (
      SELECT *, ceil(playback / 10)::int AS reports, floor(playback / 15)::int AS heartbeats,
        md5('analytics-read-learner:' || learner)::uuid AS user_id,
        -- A confusing moment at 60 % of each video draws some of the pauses, rewinds and flags of the sessions that reach it.
        CASE WHEN u_spot < 0.5 AND hard_moment BETWEEN start AND start + playback - 5 THEN hard_moment ELSE start + u_spot * (playback - 5) END AS spot
      FROM played
    ),
    event AS (
      SELECT p.*, k,
        CASE
          WHEN k = 0 THEN 'VIDEO_PLAY'
          WHEN k <= reports THEN 'PROGRESS'
          WHEN k <= reports + heartbeats THEN 'VIDEO_HEARTBEAT'
          ELSE (ARRAY['VIDEO_PAUSE', 'VIDEO_SEEK', 'CONFUSED', 'VIDEO_RATE_CHANGE', 'TUTOR_QUESTION', 'VIDEO_ENDED'])[k - reports - heartbeats]
        END AS type
      FROM shaped p, generate_series(0, p.reports + p.heartbeats + 6) AS k
    ),
    kept AS (
      SELECT *,
        CASE
          WHEN type = 'VIDEO_PLAY' THEN 0
          WHEN type = 'PROGRESS' THEN least(playback, (k * 10)::float8)
          WHEN type = 'VIDEO_HEARTBEAT' THEN (k - reports) * 15
          WHEN type = 'VIDEO_ENDED' THEN playback
          WHEN type = 'VIDEO_RATE_CHANGE' THEN 1
          ELSE spot - start + 3
        END AS offset_seconds
      FROM event
      WHERE type IN ('VIDEO_PLAY', 'PROGRESS', 'VIDEO_HEARTBEAT')
        OR (type = 'VIDEO_PAUSE' AND u_pause < 0.6)
        OR (type = 'VIDEO_SEEK' AND u_seek < 0.35 AND spot - 10 >= start)
        OR (type = 'CONFUSED' AND u_confused < 0.06)
        OR (type = 'VIDEO_RATE_CHANGE' AND u_rate < 0.1)
        OR (type = 'TUTOR_QUESTION' AND u_tutor < 0.02)
        OR (type = 'VIDEO_ENDED' AND start + playback >= duration)
    )
    INSERT INTO analytics_events (received_at, occurred_at, user_id, client_event_id, type, course_id, video_id, position_seconds, from_position_seconds, playback_rate, learner, detail)
    SELECT at, at, user_id, md5(s || '/' || k)::uuid::text, type, ${courseId}::uuid, video_id,
      CASE
        WHEN type = 'PROGRESS' THEN NULL
        WHEN type = 'VIDEO_SEEK' THEN spot - 10
        WHEN type = 'VIDEO_RATE_CHANGE' THEN start + 1
        ELSE start + offset_seconds
      END,
      CASE WHEN type = 'VIDEO_SEEK' THEN spot + 3 END,
      CASE WHEN type = 'VIDEO_RATE_CHANGE' THEN 1.5 END,
      true,
      CASE WHEN type = 'PROGRESS' THEN jsonb_build_object('ranges', jsonb_build_array(jsonb_build_array(start + (k - 1) * 10, start + least(playback, (k * 10)::float8)))) END
    FROM (SELECT *, started_at + make_interval(secs => offset_seconds) AS at FROM kept) AS timed`);
}

/** Each learner's enrollment (n/LEARNERS into the year) and payment, a few refunds, and the completions of those who finish. */
function insertEnrollments(db: Database, courseId: string, now: Date): Promise<number> {
  const yearStart = new Date(now.getTime() - DAYS * DAY_MS);
  return db.$executeRaw(Prisma.sql`
    WITH learner AS (
      SELECT n, md5('analytics-read-learner:' || n)::uuid AS user_id,
        ${yearStart}::timestamptz + (${now}::timestamptz - ${yearStart}::timestamptz) * (n::float8 / ${LEARNERS}::int) AS enrolled_at,
        (hashint8extended(n, 21) & 4294967295)::float8 / 4294967296 AS u
      FROM generate_series(0, ${LEARNERS - 1}::int) AS n
    ),
    event AS (
      SELECT user_id, 'learning.enrolled:' || n AS id, 'ENROLLED' AS type, enrolled_at AS at, NULL::jsonb AS detail FROM learner
      UNION ALL SELECT user_id, 'billing.paymentSucceeded:' || n, 'PAYMENT', enrolled_at - interval '1 second', jsonb_build_object('cents', ${PRICE_CENTS}::int) FROM learner
      UNION ALL SELECT user_id, 'billing.paymentRefunded:' || n, 'REFUND', enrolled_at + interval '2 days', jsonb_build_object('cents', ${PRICE_CENTS}::int)
        FROM learner WHERE u < 0.03 AND enrolled_at + interval '2 days' < ${now}::timestamptz
      UNION ALL SELECT user_id, 'learning.courseCompleted:' || n, 'COMPLETED', enrolled_at + (${now}::timestamptz - enrolled_at) * (u / 0.2), NULL
        FROM learner WHERE u BETWEEN 0.03 AND 0.2
    )
    INSERT INTO analytics_events (received_at, occurred_at, user_id, client_event_id, type, course_id, learner, detail)
    SELECT at, at, user_id, id, type, ${courseId}::uuid, true, detail FROM event`);
}

/** The monthly partitions of the whole year, as the maintenance job would have made them month by month. */
async function makeYearPartitions(db: Database, now: Date): Promise<void> {
  for (let monthsAgo = 12; monthsAgo >= 0; monthsAgo -= 1) {
    await maintainEventPartitions(db, RETENTION_DAYS, new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 1)));
  }
}

/** Runs the rollup job until every stored event is in the rollups (the API server's own runs may take some of them: one run at a time). */
async function takeInEverything(db: Database): Promise<void> {
  for (;;) {
    const run = await rollUpNewEvents(db, ROLLUP_SETTINGS);
    if (run === null) await new Promise((resolve) => setTimeout(resolve, 200));
    else if (!run.more && run.events === 0) return;
  }
}

/**
 * Until stopped: every ARRIVAL_INTERVAL_MS, a learner's heartbeat and progress report on the
 * course, stored and taken into the rollups at once, so the course's version moves about four
 * times a second and reads keep computing their figures anew.
 */
function keepEventsArriving(context: BenchContext, prepared: Prepared): { stop(): Promise<number> } {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: context.databaseUrl, max: 1 }) }) as Database;
  let stopped = false;
  let versions = 0;
  const loop = (async () => {
    for (let tick = 0; !stopped; tick++) {
      const video = prepared.videos[tick % prepared.videos.length];
      await db.$executeRaw`
        INSERT INTO analytics_events (occurred_at, user_id, client_event_id, type, course_id, video_id, position_seconds, learner, detail)
        VALUES (now(), md5('analytics-read-learner:' || ${tick % LEARNERS}::int)::uuid, ${`arriving-${tick}-heartbeat`}, 'VIDEO_HEARTBEAT', ${prepared.courseRowId}::uuid, ${video.id}::uuid, 5, true, NULL),
          (now(), md5('analytics-read-learner:' || ${tick % LEARNERS}::int)::uuid, ${`arriving-${tick}-progress`}, 'PROGRESS', ${prepared.courseRowId}::uuid, ${video.id}::uuid, NULL, true,
           jsonb_build_object('ranges', jsonb_build_array(jsonb_build_array(0, 10))))`;
      if ((await rollUpNewEvents(db, ROLLUP_SETTINGS))?.events) versions += 1;
      await new Promise((resolve) => setTimeout(resolve, ARRIVAL_INTERVAL_MS));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await db.$disconnect();
      return versions;
    },
  };
}

async function seedYear(context: BenchContext): Promise<Prepared> {
  const started = performance.now();
  const [instructor] = await signUpAccounts(context, 1);
  // A rollup run over a backlog is one transaction of minutes: longer than the API's 30 s limit.
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: context.databaseUrl, max: 2 }), transactionOptions: { maxWait: 10_000, timeout: 30 * 60_000 } }) as Database;
  try {
    const { id: ownerId } = await db.user.update({ where: { email: instructor.email }, data: { role: "INSTRUCTOR" }, select: { id: true } });
    await seedCatalog(db, { ownerId, courses: 1, videosPerCourse: VIDEOS, slugPrefix: `bench-analytics-read-${randomBytes(4).toString("hex")}` });
    const course = await db.course.findFirstOrThrow({ where: { ownerId }, select: { id: true } });
    await db.course.update({ where: { id: course.id }, data: { priceCents: PRICE_CENTS } });
    await db.$executeRaw`UPDATE videos SET exact_duration_seconds = duration_seconds WHERE course_id = ${course.id}::uuid`;
    const videos = (await db.video.findMany({ where: { courseId: course.id }, select: { id: true, durationSeconds: true }, orderBy: [{ section: { position: "asc" } }, { position: "asc" }] })).map(
      (video) => ({ id: video.id, seconds: video.durationSeconds ?? 600 }),
    );
    const now = new Date();
    await makeYearPartitions(db, now);
    let events = await insertEnrollments(db, course.id, now);
    let sessions = 0;
    while (events < EVENTS) {
      events += await insertSessions(db, course.id, videos, now, sessions, sessions + SESSIONS_PER_CHUNK - 1);
      sessions += SESSIONS_PER_CHUNK;
      console.error(`  ${events.toLocaleString("en")} events written (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
    await db.$executeRaw`ANALYZE analytics_events`;
    const inserted = performance.now();
    await takeInEverything(db);
    await db.$executeRaw`ANALYZE`;
    const done = performance.now();
    seeding = { events, sessions, insertSeconds: (inserted - started) / 1000, rollupSeconds: (done - inserted) / 1000, totalSeconds: (done - started) / 1000 };
    console.error(`  seeded ${events.toLocaleString("en")} events in ${seeding.insertSeconds.toFixed(0)} s, taken into the rollups in ${seeding.rollupSeconds.toFixed(0)} s`);
    const prepared = { instructor, courseId: toGlobalId("Course", course.id), courseRowId: course.id, videos, videoId: toGlobalId("Video", videos[0].id) };
    await describeYear(context, prepared);
    return prepared;
  } finally {
    await db.$disconnect();
  }
}

/** The year's headline figures, printed so a run shows what the reads were computing. */
async function describeYear(context: BenchContext, prepared: Prepared): Promise<void> {
  const from = new Date(Date.now() - DAYS * DAY_MS).toISOString();
  const started = performance.now();
  const { courseAnalytics: year } = await callGraphQL<{ courseAnalytics: { enrollments: number; activeLearners: number; completions: number; watchTimeSeconds: number; revenueCents: number; averageProgressPercent: number; videos: { views: number; uniqueViewers: number; averagePercentWatched: number }[] } }>(
    context, COURSE_ANALYTICS, { courseId: prepared.courseId, from }, prepared.instructor.accessToken);
  const [first, last] = [year.videos[0], year.videos.at(-1)!];
  console.error(
    `  the year (one request, ${(performance.now() - started).toFixed(0)} ms): ${year.enrollments} enrollments, ${year.activeLearners} active learners, ${year.completions} completions, ` +
      `${Math.round(year.watchTimeSeconds / 3600)} h watched, revenue ${year.revenueCents / 100}, average progress ${year.averageProgressPercent.toFixed(1)} %; ` +
      `first video ${first.views} views by ${first.uniqueViewers} viewers (${first.averagePercentWatched.toFixed(1)} % watched), last ${last.views} by ${last.uniqueViewers} (${last.averagePercentWatched.toFixed(1)} %)`,
  );
}

function readLoad(context: BenchContext, prepared: Prepared, name: string, query: string, variables: Record<string, unknown>): Promise<Measurement> {
  return measureLoad(
    graphqlLoadSpec(context, { name, connections: CONNECTIONS, durationSeconds: DURATION_SECONDS, query, variablesFor: () => variables, tokenFor: () => prepared.instructor.accessToken }),
  );
}

export const analyticsRead: Scenario<Prepared> = {
  name: "analytics-read",
  description: `courseAnalytics (30 days, a year) and videoAnalytics (a year) over ${EVENTS.toLocaleString("en")} SQL-seeded events, ${CONNECTIONS} connections, against me, in ${ROUNDS} interleaved rounds`,
  setup: seedYear,
  run: async (context, prepared) => {
    const measurements: Measurement[] = [];
    arrivals.length = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      // A year up to now, asked anew each round (the range moves with the clock, as a dashboard's does).
      const year = { from: new Date(Date.now() - DAYS * DAY_MS).toISOString(), to: new Date().toISOString() };
      measurements.push(await measureMe(context, [prepared.instructor], `me (round ${round})`));
      measurements.push(await readLoad(context, prepared, `courseAnalytics, 30 days (round ${round})`, COURSE_ANALYTICS, { courseId: prepared.courseId }));
      measurements.push(await readLoad(context, prepared, `courseAnalytics, a year (round ${round})`, COURSE_ANALYTICS, { courseId: prepared.courseId, ...year }));
      measurements.push(await readLoad(context, prepared, `videoAnalytics, a year (round ${round})`, VIDEO_ANALYTICS, { videoId: prepared.videoId, ...year }));
      const arriving = keepEventsArriving(context, prepared);
      const whileArriving = await readLoad(context, prepared, `courseAnalytics, 30 days, while events arrive (round ${round})`, COURSE_ANALYTICS, { courseId: prepared.courseId });
      arrivals.push(await arriving.stop());
      measurements.push(whileArriving);
    }
    return measurements;
  },
  checkTargets: (measurements) => {
    const checks: TargetCheck[] = measurements
      .filter((row) => row.name.includes("Analytics"))
      .map((row) => ({ description: `${row.name}: p99 ${row.p99Ms} ms (target < ${P99_TARGET_MS} ms at ${CONNECTIONS} connections), p50 ${row.p50Ms} ms`, met: row.requests > 0 && row.p99Ms < P99_TARGET_MS && failuresOf(row) === 0 }));
    if (seeding) {
      checks.push({
        description:
          `seeded ${seeding.events.toLocaleString("en")} events (${seeding.sessions.toLocaleString("en")} sessions of ${LEARNERS.toLocaleString("en")} learners) ` +
          `in ${seeding.totalSeconds.toFixed(0)} s: events ${seeding.insertSeconds.toFixed(0)} s, taken into the rollups in ${seeding.rollupSeconds.toFixed(0)} s ` +
          `(${Math.round(seeding.events / seeding.rollupSeconds).toLocaleString("en")} events/s; no target)`,
        met: true,
      });
    }
    if (arrivals.length > 0) {
      checks.push({ description: `while events arrive: ${arrivals.join(" and ")} new course versions during the loads (every read after one computes anew; no target)`, met: true });
    }
    return checks;
  },
};
