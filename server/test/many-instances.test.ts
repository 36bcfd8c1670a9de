// Two instances of the server on one database and one Redis, as behind a load balancer: this test
// process's server (A) and a server process (B). A token of one works on the other, a dashboard
// open on B hears what learners do on A, the per-viewer rate is one budget across both, B's public
// cache drops a page changed through A, a domain event reaches its listener once, and a scheduled
// job is sent and run once per cron slot.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { COURSE_LIVE, event, track } from "../src/modules/analytics/analytics.fixtures.ts";
import { RECONCILIATION_QUEUE } from "../src/modules/billing/payment-reconciliation.ts";
import { UPDATE_COURSE } from "../src/modules/catalog/catalog.fixtures.ts";
import { signUp, type TestAccount } from "../src/modules/identity/identity.fixtures.ts";
import { courseToLearn, enrollAs } from "../src/modules/learning/learning.fixtures.ts";
import { databaseId } from "./support/ids.ts";
import { startServerProcess, type ServerProcess } from "./support/server-process.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";
import { waitUntil } from "./support/wait.ts";

jest.setTimeout(180_000);

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
/** Low enough to reach in a test, high enough for the setup's requests. */
const REQUESTS_PER_MINUTE = 40;

let dataDir: string;
let a: TestServer;
let b: ServerProcess;
const clients: Client[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "many-instances-"));
  const shared = {
    REDIS_URL,
    JWT_SECRET: randomBytes(32).toString("hex"),
    DATA_DIR: dataDir,
    API_REQUESTS_PER_MINUTE: String(REQUESTS_PER_MINUTE),
    AUTH_IP_LIMIT_PER_MINUTE: "10000",
    // A real scheduled job, harmless here (no open payments), every minute so a test can see a slot pass.
    PAYMENT_RECONCILIATION_CRON: "* * * * *",
  };
  a = await startTestServer(shared);
  b = await startServerProcess({ ...shared, DATABASE_URL: a.databaseUrl, PUBLIC_CACHE_SECONDS: "300", COURSE_POPULARITY_REFRESH_CRON: "off" });
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  b?.kill("SIGTERM");
  await b?.exit;
  await a?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function graphqlAt(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, any> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

function subscriptionClientOf(url: string, token: string): Client {
  const client = createClient({ url: `${url.replace("http", "ws")}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  clients.push(client);
  return client;
}

let owner: TestAccount;
let learner: TestAccount;
let courseId: string;
let videoId: string;

beforeAll(async () => {
  owner = await signUp(a, { role: "INSTRUCTOR" });
  learner = await signUp(a);
  const course = await courseToLearn(a, owner.accessToken, [60]);
  courseId = course.courseId;
  videoId = course.videoIds[0]!;
  await enrollAs(a, learner.accessToken, courseId);
});

it("takes a token issued by one instance on the other", async () => {
  const onB = await graphqlAt(b.url, `{ me { id email } }`, {}, learner.accessToken);
  expect(onB).toEqual({ data: { me: { id: learner.id, email: learner.email } } });
});

it("pushes what learners do on A to a dashboard open on B within two seconds", async () => {
  const seen: Record<string, any>[] = [];
  const errors: unknown[] = [];
  subscriptionClientOf(b.url, owner.accessToken).subscribe(
    { query: COURSE_LIVE, variables: { courseId } },
    { next: (result) => (result.data ? seen.push(result.data.courseAnalyticsLive as Record<string, any>) : errors.push(result.errors)), error: (error) => errors.push(error), complete: () => {} },
  );
  await waitUntil("the dashboard's first figures on B", () => seen.length > 0);
  expect(seen[0]).toMatchObject({ course: { id: courseId }, activeViewers: 0 });

  const sent = Date.now();
  await track(a, learner.accessToken, [event({ type: "VIDEO_HEARTBEAT", courseId, videoId, positionSeconds: 12 })]);
  await waitUntil("A's event on B's dashboard", () => seen.some((figures) => figures.activeViewers === 1), 2000);
  expect(Date.now() - sent).toBeLessThan(2000);
  expect(errors).toEqual([]);
});

it("counts a viewer's requests on both instances against one rate", async () => {
  const busy = await signUp(a);
  const answers = [];
  for (let index = 0; index < REQUESTS_PER_MINUTE + 2; index += 1) {
    answers.push(await graphqlAt(index % 2 === 0 ? a.url : b.url, `{ me { id } }`, {}, busy.accessToken));
  }
  const limited = answers.filter((answer) => answer.errors?.[0]?.extensions?.code === "RATE_LIMITED");
  // Two budgets of its own would have let every one of them through.
  expect(limited.length).toBeGreaterThanOrEqual(2);
  expect(answers.slice(0, REQUESTS_PER_MINUTE - 1).every((answer) => answer.data?.me?.id === busy.id)).toBe(true);
});

it("drops B's kept public page when the course changes through A", async () => {
  const page = `query ($id: ID!) { course(id: $id) { id title } }`;
  expect((await graphqlAt(b.url, page, { id: courseId })).data?.course.title).not.toBe("Renamed through A");
  const renamed = await a.graphql(UPDATE_COURSE, { id: courseId, input: { title: "Renamed through A" } }, { token: owner.accessToken });
  expect(renamed.errors).toBeUndefined();
  // B keeps public pages up to 300 s: the change reaches it through PostgreSQL's notification, not expiry.
  await waitUntil("B's page to show A's change", async () => (await graphqlAt(b.url, page, { id: courseId })).data?.course.title === "Renamed through A", 5000);
});

it("delivers each domain event to each listener once, with both instances dispatching", async () => {
  const [{ since }] = await a.db.$queryRaw<{ since: Date }[]>`SELECT clock_timestamp() AS since`;
  const second = await signUp(a);
  await enrollAs(a, second.accessToken, courseId);
  await waitUntil("the enrollment's domain events settled", async () => {
    const [{ unsettled }] = await a.db.$queryRaw<{ unsettled: number }[]>`SELECT count(*)::int AS unsettled FROM domain_events WHERE settled_at IS NULL`;
    return unsettled === 0;
  });
  const deliveries = await a.db.$queryRaw<{ name: string; listener: string; attempts: number; delivered: boolean }[]>`
    SELECT e.name, d.listener, d.attempts, d.delivered_at IS NOT NULL AS delivered
    FROM domain_event_deliveries d JOIN domain_events e ON e.id = d.event_id WHERE e.created_at >= ${since}`;
  expect(deliveries.map((delivery) => delivery.name)).toContain("learning.enrolled");
  // A second dispatcher that also ran a listener would have made its attempt the second.
  for (const delivery of deliveries) expect(delivery).toMatchObject({ attempts: 1, delivered: true });
  const recorded = await a.db.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM analytics_events WHERE type = 'ENROLLED' AND user_id = ${databaseId(second.id)}::uuid`;
  expect(recorded).toEqual([{ count: 1 }]);
});

/**
 * pg-boss 10's cron sends no job itself: an instance that checks the schedules inserts a job into
 * this internal queue, with singletonKey the scheduled queue's name and singletonSeconds 60, and
 * whichever instance's worker then takes that job inserts the scheduled queue's job.
 */
const PG_BOSS_CRON_QUEUE = "__pgboss__send-it";
const SLOT_SECONDS = 60;

interface ScheduledRecord {
  now: number;
  /**
   * The cron's sends of the queue per slot: pg-boss's singleton_on, the minute (epoch seconds) of the
   * send. A send being taken may or may not have made its job yet.
   */
  slots: { slot: number; sends: number; taken: number; completed: number }[];
  /** The scheduled queue's own jobs, by state. */
  runs: { state: string; count: number }[];
}

/** One snapshot of the database, so that sends and the jobs they made are counted at the same moment. */
async function scheduledRecord(queue: string): Promise<ScheduledRecord> {
  const [[{ now }], slots, runs] = await a.db.$transaction(
    [
      a.db.$queryRaw<{ now: number }[]>`SELECT extract(epoch FROM now())::float8 AS now`,
      a.db.$queryRaw<ScheduledRecord["slots"]>`
        SELECT extract(epoch FROM singleton_on)::float8 AS slot, count(*)::int AS sends,
          count(*) FILTER (WHERE state = 'active')::int AS taken, count(*) FILTER (WHERE state = 'completed')::int AS completed
        FROM pgboss.job WHERE name = ${PG_BOSS_CRON_QUEUE} AND data->>'name' = ${queue} GROUP BY singleton_on ORDER BY singleton_on`,
      a.db.$queryRaw<ScheduledRecord["runs"]>`SELECT state::text, count(*)::int AS count FROM pgboss.job WHERE name = ${queue} GROUP BY state ORDER BY state`,
    ],
    { isolationLevel: "RepeatableRead" },
  );
  return { now, slots, runs };
}

/**
 * pg-boss lets one schedule check through per 30 s across instances (version.cron_on): a debounce
 * whose timers decide which instance checks, so the second instance might never send. Kept open, each
 * instance checks, and sends, every 30 s: twice or more per slot, both instances among them.
 */
async function keepScheduleChecksOpen(): Promise<void> {
  await a.db.$executeRawUnsafe(`CREATE FUNCTION pgboss.keep_cron_check_open() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.cron_on := NULL; RETURN NEW; END $$`);
  await a.db.$executeRawUnsafe(`CREATE TRIGGER keep_cron_check_open BEFORE UPDATE ON pgboss.version FOR EACH ROW EXECUTE FUNCTION pgboss.keep_cron_check_open()`);
  await a.db.$executeRawUnsafe(`UPDATE pgboss.version SET cron_on = NULL`);
}

const STILL_TO_RUN = new Set(["created", "retry", "active"]);

it("sends a scheduled job once per cron slot though both instances send it, and runs it once", async () => {
  await keepScheduleChecksOpen();
  const [{ now, nextSlot }] = await a.db.$queryRaw<{ now: number; nextSlot: number }[]>`
    SELECT extract(epoch FROM now())::float8 AS now, (floor(extract(epoch FROM now()) / 60) * 60 + 60)::float8 AS "nextSlot"`;
  // A slot takes sends for its whole minute: until it is over, another check could still send it.
  await sleep(Math.max(0, nextSlot + SLOT_SECONDS - now) * 1000);

  let record!: ScheduledRecord;
  await waitUntil(
    "a minute slot checked by both instances throughout to be over and its job run, with no send half done",
    async () => {
      record = await scheduledRecord(RECONCILIATION_QUEUE);
      const settled = record.slots.every((slot) => slot.taken === 0) && record.runs.every((run) => !STILL_TO_RUN.has(run.state));
      return settled && record.slots.some(({ slot, completed }) => slot >= nextSlot && slot + SLOT_SECONDS <= record.now && completed > 0);
    },
    // A busy machine may skip a slot (no check within its minute): the next one serves as well.
    (SLOT_SECONDS + 30) * 1000,
  );

  // pg-boss's unique index job_i4 on (name, singleton_on, singleton_key) keeps one send per minute, whichever instances sent it.
  expect(record.slots.filter((slot) => slot.sends !== 1)).toEqual([]);
  // Each send made one job of the queue, nothing else made any (an instance's own timer would), and each ran once, to completion.
  const sent = record.slots.reduce((total, slot) => total + slot.completed, 0);
  expect(record.runs).toEqual([{ state: "completed", count: sent }]);
}, 240_000);
