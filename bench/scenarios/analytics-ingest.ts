// trackEvents under load: 50 connections, each request the next learner's batch of 100 player
// events (play, heartbeats, a pause, a backward seek, a confused flag) with fresh client ids, for
// 10 s. Afterwards the database's events are compared with the batches answered: none lost, none
// stored twice. Rounds interleave it with the `me` query, so a busy machine slows both alike.
// Meanwhile the rollup lag is sampled: how long the oldest event not yet in the rollups has waited.
import { randomBytes } from "node:crypto";
import { seedCatalog } from "../../prisma/seed-catalog.ts";
import { createDatabase } from "../../server/src/platform/db.ts";
import { toGlobalId } from "../../server/src/platform/ids.ts";
import { signUpAccounts, type BenchAccount } from "../accounts.ts";
import { callGraphQL, graphqlHeaders } from "../graphql.ts";
import { measureLoad, type LoadSpec } from "../load.ts";
import type { BenchContext, Measurement, Scenario, TargetCheck } from "../scenario.ts";
import { measureMe } from "./me.ts";

const LEARNERS = 50;
const CONNECTIONS = 50;
const BATCH = 100;
const DURATION_SECONDS = 10;
const ROUNDS = 2;
const VIDEO_SECONDS = 3_600;
const TARGET_EVENTS_PER_SECOND = 20_000;

const TRACK = /* GraphQL */ `
  mutation BenchTrackEvents($events: [AnalyticsEventInput!]!) { trackEvents(events: $events) { accepted duplicates rejected { reason } } }
`;
const ENROLL = /* GraphQL */ `mutation BenchEnroll($courseId: ID!) { enroll(courseId: $courseId) { id } }`;

interface Learner {
  account: BenchAccount;
  courseId: string;
  videoId: string;
  /** Where this learner's playback is, so positions stay within the video. */
  position: number;
}

interface Prepared {
  learners: Learner[];
}

/** Batches sent (their number is in every event's client id) and those answered with all 100 accepted. */
const sent = { batches: 0, answered: new Set<number>() };
/** Per load: the longest an event waited for the rollups while it ran, and how long after it stopped they had everything. */
const lags: { maxLagSeconds: number; caughtUpSeconds: number }[] = [];
const LAG_SAMPLE_MS = 250;
let tally: { stored: number; answeredEvents: number; lostBatches: number; storedTwice: number; unansweredStored: number } | undefined;

/** A UUID whose first group is the batch and last group the event's place in it, so stored events can be traced to their batch. */
const clientEventId = (batch: number, index: number) =>
  `${batch.toString(16).padStart(8, "0")}-0000-4000-8000-${index.toString(16).padStart(12, "0")}`;

async function seedLearners(context: BenchContext): Promise<Prepared> {
  const [owner, ...accounts] = await signUpAccounts(context, 1 + LEARNERS);
  const db = createDatabase({ url: context.databaseUrl, poolSize: 2 });
  let videos: { id: string; courseId: string }[];
  try {
    const { id: ownerId } = await db.user.update({ where: { email: owner.email }, data: { role: "INSTRUCTOR" }, select: { id: true } });
    await seedCatalog(db, { ownerId, courses: 5, videosPerCourse: 10, slugPrefix: `bench-analytics-${randomBytes(4).toString("hex")}` });
    await db.course.updateMany({ where: { ownerId }, data: { priceCents: 0 } });
    await db.video.updateMany({ where: { course: { ownerId } }, data: { durationSeconds: VIDEO_SECONDS, exactDurationSeconds: VIDEO_SECONDS } });
    videos = await db.video.findMany({ where: { course: { ownerId } }, select: { id: true, courseId: true }, orderBy: { id: "asc" }, take: LEARNERS });
  } finally {
    await db.$disconnect();
  }
  const learners = accounts.map((account, index): Learner => ({
    account,
    courseId: toGlobalId("Course", videos[index].courseId),
    videoId: toGlobalId("Video", videos[index].id),
    position: 0,
  }));
  await Promise.all(learners.map((learner) => callGraphQL(context, ENROLL, { courseId: learner.courseId }, learner.account.accessToken)));
  return { learners };
}

/** A learner's next 100 events: a play, heartbeats every 15 s, a pause, a rewind and a confused flag. */
function batchOf(learner: Learner, batch: number) {
  const now = new Date().toISOString();
  return Array.from({ length: BATCH }, (_, index) => {
    learner.position = (learner.position + 15) % (VIDEO_SECONDS - 60);
    const base = { clientEventId: clientEventId(batch, index), courseId: learner.courseId, videoId: learner.videoId, positionSeconds: learner.position, occurredAt: now };
    if (index === 0) return { ...base, type: "VIDEO_PLAY" };
    if (index === 97) return { ...base, type: "VIDEO_PAUSE" };
    if (index === 98) return { ...base, type: "VIDEO_SEEK", fromPositionSeconds: learner.position + 30 };
    if (index === 99) return { ...base, type: "CONFUSED" };
    return { ...base, type: "VIDEO_HEARTBEAT" };
  });
}

/** All 100 accepted, none a duplicate or rejected: anything else is a failed body. */
function isWholeBatch(body: string): boolean {
  try {
    const result = (JSON.parse(body) as { data?: { trackEvents?: { accepted: number; duplicates: number; rejected: unknown[] } } }).data?.trackEvents;
    return result?.accepted === BATCH && result.duplicates === 0 && result.rejected.length === 0;
  } catch {
    return false;
  }
}

function ingestLoad(context: BenchContext, learners: Learner[], name: string): LoadSpec {
  const next = () => {
    const batch = sent.batches++;
    const learner = learners[batch % learners.length];
    return {
      headers: graphqlHeaders(learner.account.accessToken),
      body: JSON.stringify({ query: TRACK, variables: { events: batchOf(learner, batch) } }),
      answered: (success: boolean) => void (success && sent.answered.add(batch)),
    };
  };
  return {
    name,
    url: `${context.apiUrl}/graphql`,
    method: "POST",
    connections: CONNECTIONS,
    durationSeconds: context.durationOverride ?? DURATION_SECONDS,
    requestFor: () => ({ headers: {}, next }),
    isSuccess: isWholeBatch,
  };
}

/**
 * How long the first stored event not yet in the rollups has waited (0 when none waits): the one
 * with the lowest transaction id, found through the xid index. (The oldest by min(received_at)
 * read every waiting event, 40 ms of PostgreSQL every 250 ms, taken from the load it measures.)
 */
async function rollupLagSeconds(db: ReturnType<typeof createDatabase>): Promise<number> {
  const [{ lag }] = await db.$queryRaw<{ lag: number }[]>`
    SELECT coalesce(extract(epoch FROM clock_timestamp() - (
      SELECT received_at FROM analytics_events
      WHERE xid >= (SELECT rolled_up_before FROM analytics_rollup_state WHERE id = 1) ORDER BY xid LIMIT 1)), 0)::float8 AS lag`;
  return lag;
}

/** Runs the load while sampling the rollup lag, then waits for the rollups to take in everything. */
async function withLagSamples(context: BenchContext, load: () => Promise<Measurement>): Promise<Measurement> {
  const db = createDatabase({ url: context.databaseUrl, poolSize: 1 });
  let maxLagSeconds = 0;
  let running = true;
  const sampling = (async () => {
    while (running) {
      maxLagSeconds = Math.max(maxLagSeconds, await rollupLagSeconds(db));
      await new Promise((resolve) => setTimeout(resolve, LAG_SAMPLE_MS));
    }
  })();
  try {
    const measurement = await load();
    running = false;
    await sampling;
    const stopped = performance.now();
    while ((await rollupLagSeconds(db)) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    lags.push({ maxLagSeconds, caughtUpSeconds: (performance.now() - stopped) / 1000 });
    return measurement;
  } finally {
    running = false;
    await db.$disconnect();
  }
}

/** The stored events per batch, against the batches answered. */
async function countStored(context: BenchContext): Promise<NonNullable<typeof tally>> {
  const db = createDatabase({ url: context.databaseUrl, poolSize: 1 });
  try {
    const rows = await db.$queryRaw<{ batch: number; events: number; distinctEvents: number }[]>`
      SELECT ('x' || substr(client_event_id, 1, 8))::bit(32)::int AS batch, count(*)::int AS events,
        count(DISTINCT (user_id, client_event_id))::int AS "distinctEvents"
      FROM analytics_events WHERE type <> 'ENROLLED' AND client_event_id LIKE '%-0000-4000-8000-%'
      GROUP BY 1`;
    const byBatch = new Map(rows.map((row) => [row.batch, row]));
    let lostBatches = 0;
    for (const batch of sent.answered) if (byBatch.get(batch)?.events !== BATCH) lostBatches += 1;
    return {
      stored: rows.reduce((sum, row) => sum + row.events, 0),
      answeredEvents: sent.answered.size * BATCH,
      lostBatches,
      storedTwice: rows.reduce((sum, row) => sum + row.events - row.distinctEvents, 0),
      unansweredStored: rows.filter((row) => !sent.answered.has(row.batch)).reduce((sum, row) => sum + row.events, 0),
    };
  } finally {
    await db.$disconnect();
  }
}

export const analyticsIngest: Scenario<Prepared> = {
  name: "analytics-ingest",
  description: `trackEvents in batches of ${BATCH} from ${CONNECTIONS} connections, against me, in ${ROUNDS} interleaved rounds; stored events checked against those answered`,
  setup: seedLearners,
  run: async (context, { learners }) => {
    const measurements: Measurement[] = [];
    lags.length = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      measurements.push(await measureMe(context, learners.map((learner) => learner.account).slice(0, 10), `me (round ${round})`));
      measurements.push(await withLagSamples(context, () => measureLoad(ingestLoad(context, learners, `trackEvents x${BATCH}, ${CONNECTIONS} connections (round ${round})`))));
    }
    tally = await countStored(context);
    return measurements;
  },
  checkTargets: (measurements) => {
    const checks: TargetCheck[] = [];
    for (const row of measurements.filter((measurement) => measurement.name.startsWith("trackEvents"))) {
      const eventsPerSecond = ((row.requests - row.failedBodies - row.non2xx) / row.durationSeconds) * BATCH;
      checks.push({
        description: `${row.name}: ${Math.round(eventsPerSecond)} accepted events/s (target >= ${TARGET_EVENTS_PER_SECOND}), p99 ${row.p99Ms} ms`,
        met: eventsPerSecond >= TARGET_EVENTS_PER_SECOND && row.failedBodies === 0,
      });
    }
    if (tally) {
      checks.push({
        description:
          `events stored ${tally.stored}, of answered batches ${tally.answeredEvents}: batches lost ${tally.lostBatches}, events stored twice ${tally.storedTwice} (targets 0); ` +
          `${tally.unansweredStored} more from batches stored whose answer was dropped when a load stopped`,
        met: tally.lostBatches === 0 && tally.storedTwice === 0 && tally.stored === tally.answeredEvents + tally.unansweredStored,
      });
    }
    for (const [index, lag] of lags.entries()) {
      checks.push({
        description: `rollup lag, round ${index + 1}: at most ${lag.maxLagSeconds.toFixed(2)} s under the load (sampled every ${LAG_SAMPLE_MS} ms); everything in the rollups ${lag.caughtUpSeconds.toFixed(2)} s after it stopped (no target)`,
        met: true,
      });
    }
    return checks;
  },
};
