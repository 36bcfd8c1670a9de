// recordProgress under load: many learners, each with their own token, enrolled in a course and
// watching a video of their own, report consecutive 10-second ranges at a fixed total rate (an
// open load, as players reporting on their own clocks). Rounds interleave it with the `me` query
// (the cheapest signed-in read) and with reports as fast as 50 connections send them, so the
// comparison holds whatever else the machine does. Afterwards the watched seconds in the database
// are checked against what was sent: none lost, none inflated.
import { randomBytes } from "node:crypto";
import { seedCatalog } from "../../prisma/seed-catalog.ts";
import { createDatabase } from "../../server/src/platform/db.ts";
import { toGlobalId } from "../../server/src/platform/ids.ts";
import { signUpAccounts, type BenchAccount } from "../accounts.ts";
import { callGraphQL, graphqlHeaders, isGraphQLSuccess } from "../graphql.ts";
import { measureLoad, type LoadSpec } from "../load.ts";
import type { BenchContext, Measurement, Scenario, TargetCheck } from "../scenario.ts";
import { measureMe } from "./me.ts";

/** Learners, each watching a video of their own (20 per course). */
const LEARNERS = 300;
const VIDEOS_PER_COURSE = 20;
/** The issue's rate: 3,000 learners reporting every 10 s. */
const ISSUE_RATE = 300;
/** Reports per second from all learners together: below the issue's too, to find the highest rate held. */
const RATES = [50, 100, 200, ISSUE_RATE, 600];
/** Enough sockets that a rate is never held back by answers awaited (at 100 ms, 10 reports/s each). */
const RATE_CONNECTIONS = 150;
const CLOSED_CONNECTIONS = 50;
const ROUNDS = 2;
const DURATION_SECONDS = 10;
/** What a player reports every 10 s of playback. */
const REPORT_SECONDS = 10;
/** Long enough that no learner's ranges reach the end of the video: the union is then exactly what was sent. */
const VIDEO_SECONDS = 36_000;
const P99_TARGET_MS = 100;
/** A rate counts as held when this share of it was answered. */
const HELD_SHARE = 0.95;

const RECORD = /* GraphQL */ `
  mutation BenchRecordProgress($input: RecordProgressInput!) { recordProgress(input: $input) { watchedSeconds } }
`;
const ENROLL = /* GraphQL */ `mutation BenchEnroll($courseId: ID!) { enroll(courseId: $courseId) { id } }`;

interface Learner {
  account: BenchAccount;
  videoId: string;
  databaseVideoId: string;
  /** Reports made: report k is the range [10k, 10k + 10). */
  made: number;
  /** The k of the reports answered with success. */
  answered: Set<number>;
}

interface Prepared {
  learners: Learner[];
}

/**
 * What the database holds against what was sent, once the loads are over, in seconds. A load that
 * stops drops its connections' requests in flight and those it had made ready to send, so some
 * reports were never answered: the server may or may not have recorded them.
 */
interface Tally {
  databaseSeconds: number;
  answeredSeconds: number;
  /** Answered reports' seconds missing from the database: the target is 0. */
  lostSeconds: number;
  /** Seconds in the database that no report made covers: the target is 0. */
  inflatedSeconds: number;
  /** Seconds of reports recorded whose answer the load generator dropped when a load stopped. */
  unansweredRecordedSeconds: number;
  unansweredReports: number;
}

let tally: Tally | undefined;

/**
 * Courses of free READY videos written straight into the database (prisma/seed-catalog.ts, as the
 * catalog scenario does), made free and long; the learners sign up and enroll through the API.
 */
async function seedLearners(context: BenchContext): Promise<Prepared> {
  const [owner, ...accounts] = await signUpAccounts(context, 1 + LEARNERS);
  const db = createDatabase({ url: context.databaseUrl, poolSize: 2 });
  let videos: { id: string; courseId: string }[];
  try {
    const { id: ownerId } = await db.user.update({ where: { email: owner.email }, data: { role: "INSTRUCTOR" }, select: { id: true } });
    const courses = Math.ceil(LEARNERS / VIDEOS_PER_COURSE);
    await seedCatalog(db, { ownerId, courses, videosPerCourse: VIDEOS_PER_COURSE, slugPrefix: `bench-progress-${randomBytes(4).toString("hex")}` });
    await db.course.updateMany({ where: { ownerId }, data: { priceCents: 0 } });
    await db.video.updateMany({ where: { course: { ownerId } }, data: { durationSeconds: VIDEO_SECONDS, exactDurationSeconds: VIDEO_SECONDS } });
    videos = await db.video.findMany({ where: { course: { ownerId } }, select: { id: true, courseId: true }, orderBy: { id: "asc" }, take: LEARNERS });
  } finally {
    await db.$disconnect();
  }
  const learners = accounts.map((account, index): Learner => ({
    account,
    videoId: toGlobalId("Video", videos[index].id),
    databaseVideoId: videos[index].id,
    made: 0,
    answered: new Set(),
  }));
  await Promise.all(
    learners.map((learner, index) => callGraphQL(context, ENROLL, { courseId: toGlobalId("Course", videos[index].courseId) }, learner.account.accessToken)),
  );
  return { learners };
}

/** Each request is the next learner's next report (round robin), with that learner's token. */
function progressLoad(context: BenchContext, learners: Learner[], name: string, connections: number, overallRate?: number): LoadSpec {
  let turn = 0;
  const next = () => {
    const learner = learners[turn++ % learners.length];
    const report = learner.made++;
    const start = report * REPORT_SECONDS;
    const input = {
      videoId: learner.videoId,
      positionSeconds: start + REPORT_SECONDS,
      watchedRanges: [{ startSeconds: start, endSeconds: start + REPORT_SECONDS }],
      clientTimestamp: new Date().toISOString(),
    };
    return {
      headers: graphqlHeaders(learner.account.accessToken),
      body: JSON.stringify({ query: RECORD, variables: { input } }),
      answered: (success: boolean) => void (success && learner.answered.add(report)),
    };
  };
  return {
    name,
    url: `${context.apiUrl}/graphql`,
    method: "POST",
    connections,
    durationSeconds: context.durationOverride ?? DURATION_SECONDS,
    overallRate,
    requestFor: () => ({ headers: {}, next }),
    isSuccess: isGraphQLSuccess,
  };
}

/** The 10-second slots (k of [10k, 10k + 10)) that stored ranges cover, and what they hold besides. */
function slotsOf(ranges: [number, number][]): { slots: Set<number>; unaligned: number } {
  const slots = new Set<number>();
  let unaligned = 0;
  for (const [start, end] of ranges) {
    const first = Math.ceil(start / REPORT_SECONDS);
    const last = Math.floor(end / REPORT_SECONDS);
    for (let k = first; k < last; k++) slots.add(k);
    unaligned += end - start - Math.max(0, last - first) * REPORT_SECONDS;
  }
  return { slots, unaligned };
}

async function countWatchedSeconds(context: BenchContext, learners: Learner[]): Promise<Tally> {
  const db = createDatabase({ url: context.databaseUrl, poolSize: 1 });
  try {
    const rows = await db.$queryRaw<{ videoId: string; seconds: number; ranges: [number, number][] }[]>`
      SELECT video_id::text AS "videoId", watched_seconds(watched)::float8 AS seconds,
        (SELECT coalesce(json_agg(json_build_array(lower(r)::float8, upper(r)::float8)), '[]'::json) FROM unnest(watched) AS r) AS ranges
      FROM video_progress WHERE video_id = ANY(${learners.map((learner) => learner.databaseVideoId)}::uuid[])`;
    const byVideo = new Map(rows.map((row) => [row.videoId, row]));
    const tally: Tally = { databaseSeconds: 0, answeredSeconds: 0, lostSeconds: 0, inflatedSeconds: 0, unansweredRecordedSeconds: 0, unansweredReports: 0 };
    for (const learner of learners) {
      const row = byVideo.get(learner.databaseVideoId);
      const { slots, unaligned } = slotsOf(row?.ranges ?? []);
      tally.databaseSeconds += row?.seconds ?? 0;
      tally.answeredSeconds += learner.answered.size * REPORT_SECONDS;
      tally.unansweredReports += learner.made - learner.answered.size;
      tally.inflatedSeconds += unaligned;
      for (const k of learner.answered) if (!slots.has(k)) tally.lostSeconds += REPORT_SECONDS;
      for (const k of slots) {
        if (k >= learner.made) tally.inflatedSeconds += REPORT_SECONDS;
        else if (!learner.answered.has(k)) tally.unansweredRecordedSeconds += REPORT_SECONDS;
      }
    }
    return tally;
  } finally {
    await db.$disconnect();
  }
}

const rateName = (rate: number, round: number) => `progress at ${rate}/s, ${RATE_CONNECTIONS} connections (round ${round})`;
const rateOf = (measurement: Measurement) => Number(/progress at (\d+)\/s/.exec(measurement.name)?.[1] ?? NaN);
const isHeld = (measurement: Measurement) =>
  measurement.p99Ms < P99_TARGET_MS && measurement.requestsPerSecond >= HELD_SHARE * rateOf(measurement);
const average = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

export const progress: Scenario<Prepared> = {
  name: "progress",
  description: `recordProgress by ${LEARNERS} enrolled learners at ${RATES.join(", ")} reports/s, against me, in ${ROUNDS} interleaved rounds`,
  setup: seedLearners,
  run: async (context, { learners }) => {
    const measurements: Measurement[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      measurements.push(await measureMe(context, learners.map((learner) => learner.account).slice(0, 10), `me (round ${round})`));
      const closed = progressLoad(context, learners, `progress, ${CLOSED_CONNECTIONS} connections (round ${round})`, CLOSED_CONNECTIONS);
      measurements.push(await measureLoad(closed));
      for (const rate of RATES) measurements.push(await measureLoad(progressLoad(context, learners, rateName(rate, round), RATE_CONNECTIONS, rate)));
    }
    tally = await countWatchedSeconds(context, learners);
    return measurements;
  },
  checkTargets: (measurements) => {
    const rows = (prefix: string) => measurements.filter((measurement) => measurement.name.startsWith(prefix));
    const checks: TargetCheck[] = [];
    const first = rows(`progress at ${ISSUE_RATE}/s`);
    checks.push({
      description: `at ${ISSUE_RATE} reports/s: p50 ${first.map((m) => m.p50Ms).join(", ")} ms, p99 ${first.map((m) => m.p99Ms).join(", ")} ms (target p99 < ${P99_TARGET_MS} ms in every round)`,
      met: first.length > 0 && first.every(isHeld),
    });
    const held = RATES.filter((rate) => rows(`progress at ${rate}/s`).every(isHeld));
    checks.push({
      description: `highest rate held in every round (p99 < ${P99_TARGET_MS} ms, >= ${HELD_SHARE * 100} % answered): ${held.length ? `${Math.max(...held)} reports/s` : "none"} of ${RATES.join(", ")}`,
      met: held.length > 0,
    });
    const meRate = average(rows("me ").map((m) => m.requestsPerSecond));
    const closedRate = average(rows("progress, ").map((m) => m.requestsPerSecond));
    checks.push({
      description: `reports as fast as ${CLOSED_CONNECTIONS} connections send them: ${closedRate.toFixed(1)} req/s = ${((closedRate / meRate) * 100).toFixed(1)} % of me's ${meRate.toFixed(1)} (averages of ${ROUNDS} rounds; no target)`,
      met: true,
    });
    if (tally) {
      checks.push({
        description:
          `watched seconds in the database ${tally.databaseSeconds}, answered reports' ${tally.answeredSeconds}: ` +
          `lost ${tally.lostSeconds}, inflated ${tally.inflatedSeconds} (targets 0); ` +
          `${tally.unansweredRecordedSeconds} more from reports recorded whose answer was dropped when a load stopped (${tally.unansweredReports} reports unanswered)`,
        met: tally.lostSeconds === 0 && tally.inflatedSeconds === 0 && tally.databaseSeconds === tally.answeredSeconds + tally.unansweredRecordedSeconds,
      });
    }
    return checks;
  },
};
