// graphql-ws fan-out: load processes open 1,000, then 10,000 sockets to the API process, each
// with the course instructor's courseProgressFeed subscription. (The API's own process: a second
// instance on the same database without Redis would publish the events it happens to deliver to
// its own subscribers only.) At each level a learner's recordProgress is sent a few times,
// and every socket notes when each event reached it: the time from the mutation's sending to each
// arrival, and the server's resident memory per connection over its memory before any socket.
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { seedCatalog } from "../../prisma/seed-catalog.ts";
import { createDatabase } from "../../server/src/platform/db.ts";
import { toGlobalId } from "../../server/src/platform/ids.ts";
import { signUpAccounts } from "../accounts.ts";
import { BENCH_METRICS_TOKEN } from "../api-server.ts";
import { callGraphQL } from "../graphql.ts";
import { residentBytes } from "../process-memory.ts";
import type { BenchContext, FigureScenario, TargetCheck } from "../scenario.ts";
import type { SubscriberCommand, SubscriberReply } from "../subscriber-process.ts";

const LEVELS = [1_000, 10_000];
/** Load processes: 2,500 sockets each at the top level. */
const LOAD_PROCESSES = 4;
const EVENTS_PER_LEVEL = 5;
/** Between events, long enough for one event's fan-out to end before the next starts. */
const EVENT_GAP_MS = 3_000;
/** Before reading the server's memory: the sockets' first garbage settles. */
const SETTLE_MS = 3_000;
const P99_TARGET_MS = 1_000;
const BYTES_PER_CONNECTION_TARGET = 50 * 1024;
const REPORT_SECONDS = 10;
/** Arrivals still coming in after the last event are awaited until none came for this long. */
const LATE_ARRIVALS_MS = 5_000;
/** `at` is read from the server's clock in milliseconds, a moment after the mutation was sent. */
const CLOCK_SLACK_MS = 5;

const ENROLL = /* GraphQL */ `mutation BenchEnroll($courseId: ID!) { enroll(courseId: $courseId) { id } }`;
const RECORD = /* GraphQL */ `
  mutation BenchRecordProgress($input: RecordProgressInput!) { recordProgress(input: $input) { watchedSeconds } }
`;

interface Prepared {
  instructorToken: string;
  learnerToken: string;
  courseId: string;
  videoId: string;
}

async function seedCourse(context: BenchContext): Promise<Prepared> {
  const [instructor, learner] = await signUpAccounts(context, 2);
  const db = createDatabase({ url: context.databaseUrl, poolSize: 1 });
  let video: { id: string; courseId: string };
  try {
    const { id: ownerId } = await db.user.update({ where: { email: instructor.email }, data: { role: "INSTRUCTOR" }, select: { id: true } });
    await seedCatalog(db, { ownerId, courses: 1, videosPerCourse: 1, slugPrefix: `bench-subscriptions-${randomBytes(4).toString("hex")}` });
    await db.course.updateMany({ where: { ownerId }, data: { priceCents: 0 } });
    await db.video.updateMany({ where: { course: { ownerId } }, data: { durationSeconds: 36_000, exactDurationSeconds: 36_000 } });
    video = await db.video.findFirstOrThrow({ where: { course: { ownerId } }, select: { id: true, courseId: true } });
  } finally {
    await db.$disconnect();
  }
  const courseId = toGlobalId("Course", video.courseId);
  await callGraphQL(context, ENROLL, { courseId }, learner.accessToken);
  return { instructorToken: instructor.accessToken, learnerToken: learner.accessToken, courseId, videoId: toGlobalId("Video", video.id) };
}

/** A load process and the replies it sends, taken in order. */
class LoadProcess {
  private readonly replies: SubscriberReply[] = [];
  private waiting: (() => void) | undefined;
  private readonly child: ChildProcess;
  private exitCode: number | null | undefined;

  constructor(env: Record<string, string>) {
    this.child = fork(path.join(__dirname, "..", "subscriber-process.ts"), [], {
      execArgv: ["-r", "@swc-node/register"],
      env: { ...process.env, ...env },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.child.on("message", (reply: SubscriberReply) => {
      this.replies.push(reply);
      this.waiting?.();
    });
    this.child.on("exit", (code) => {
      this.exitCode = code;
      this.waiting?.();
    });
  }

  kill(): void {
    if (this.exitCode === undefined) this.child.kill();
  }

  async ask<Kind extends SubscriberReply["kind"]>(command: SubscriberCommand, answer: Kind): Promise<Extract<SubscriberReply, { kind: Kind }>> {
    this.child.send(command);
    for (;;) {
      const index = this.replies.findIndex((reply) => reply.kind === answer);
      if (index !== -1) return this.replies.splice(index, 1)[0] as Extract<SubscriberReply, { kind: Kind }>;
      if (this.exitCode !== undefined) throw new Error(`a load process exited (code ${this.exitCode}) before it answered ${command.kind}`);
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }
}

async function runningSubscriptions(apiUrl: string): Promise<number> {
  const response = await fetch(`${apiUrl}/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } });
  const line = /^graphql_subscriptions (\d+)$/m.exec(await response.text());
  return Number(line?.[1] ?? 0);
}

function percentile(sorted: number[], share: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] : NaN;
}

export const subscriptions: FigureScenario<Prepared> = {
  name: "subscriptions",
  description: `graphql-ws fan-out of a learner's progress to ${LEVELS.join(", then ")} courseProgressFeed subscribers from ${LOAD_PROCESSES} load processes`,
  setup: seedCourse,
  measure: async (context, prepared) => {
    const loads: LoadProcess[] = [];
    const rows: Record<string, string | number>[] = [];
    const targetChecks: TargetCheck[] = [];
    try {
      await sleep(SETTLE_MS);
      const baselineBytes = residentBytes(context.apiPid);
      for (let index = 0; index < LOAD_PROCESSES; index++) {
        loads.push(new LoadProcess({ API_URL: context.apiUrl, ACCESS_TOKEN: prepared.instructorToken, COURSE_ID: prepared.courseId }));
      }
      let open = 0;
      let report = 0;
      for (const level of LEVELS) {
        const opened = await Promise.all(loads.map((load) => load.ask({ kind: "open", count: (level - open) / LOAD_PROCESSES }, "opened")));
        const failed = opened.reduce((sum, reply) => sum + reply.failed, 0);
        if (failed) throw new Error(`${failed} of ${level - open} sockets were refused`);
        open = level;
        const started = Date.now();
        while ((await runningSubscriptions(context.apiUrl)) < level) {
          if (Date.now() - started > 60_000) throw new Error(`the server runs ${await runningSubscriptions(context.apiUrl)} subscriptions of ${level}`);
          await sleep(200);
        }
        await sleep(SETTLE_MS);
        const bytesPerConnection = (residentBytes(context.apiPid) - baselineBytes) / level;

        const sentAt: number[] = [];
        for (let event = 0; event < EVENTS_PER_LEVEL; event++) {
          const start = report++ * REPORT_SECONDS;
          const input = { videoId: prepared.videoId, positionSeconds: start + REPORT_SECONDS, watchedRanges: [{ startSeconds: start, endSeconds: start + REPORT_SECONDS }], clientTimestamp: new Date().toISOString() };
          sentAt.push(Date.now());
          await callGraphQL(context, RECORD, { input }, prepared.learnerToken);
          await sleep(EVENT_GAP_MS);
        }
        // Each arrival belongs to the last event sent before its `at` (the server's clock is this machine's).
        const latencies: number[] = [];
        let errors = 0;
        let lastGrowth = Date.now();
        while (latencies.length < level * EVENTS_PER_LEVEL && Date.now() - lastGrowth < LATE_ARRIVALS_MS) {
          const before = latencies.length;
          for (const reply of await Promise.all(loads.map((load) => load.ask({ kind: "report" }, "arrivals")))) {
            errors += reply.errors;
            for (const [at, times] of Object.entries(reply.arrivals)) {
              const sent = sentAt.findLast((time) => time <= Date.parse(at) + CLOCK_SLACK_MS) ?? sentAt[0];
              for (const arrived of times) latencies.push(arrived - sent);
            }
          }
          if (latencies.length > before) lastGrowth = Date.now();
          else await sleep(500);
        }
        latencies.sort((a, b) => a - b);
        const p99 = percentile(latencies, 0.99);
        rows.push({
          subscribers: level,
          events: EVENTS_PER_LEVEL,
          "arrivals (expected)": `${latencies.length} (${level * EVENTS_PER_LEVEL})`,
          errors,
          "p50 ms": percentile(latencies, 0.5),
          "p99 ms": p99,
          "max ms": latencies.at(-1) ?? NaN,
          "server RSS MB": Math.round(residentBytes(context.apiPid) / 2 ** 20),
          "kB per connection": Math.round(bytesPerConnection / 102.4) / 10,
        });
        if (level === LEVELS.at(-1)) {
          targetChecks.push({ description: `every event reached all ${level} subscribers, none erred`, met: latencies.length === level * EVENTS_PER_LEVEL && errors === 0 });
          targetChecks.push({ description: `p99 ${p99} ms < ${P99_TARGET_MS} ms from the mutation to the last subscribers`, met: p99 < P99_TARGET_MS });
          targetChecks.push({
            description: `${Math.round(bytesPerConnection / 1024)} kB < ${BYTES_PER_CONNECTION_TARGET / 1024} kB of server memory per connection`,
            met: bytesPerConnection < BYTES_PER_CONNECTION_TARGET,
          });
        }
      }
      await Promise.all(loads.map((load) => load.ask({ kind: "close" }, "closed")));
    } finally {
      for (const load of loads) load.kill();
    }
    return { table: { title: "graphql-ws fan-out: a learner's progress to courseProgressFeed subscribers", rows }, targetChecks };
  },
};
