// Two instances of the server on one database and one Redis, as behind a load balancer: this test
// process's server (A) and a server process (B). A token of one works on the other, a dashboard
// open on B hears what learners do on A, the per-viewer rate is one budget across both, B's public
// cache drops a page changed through A, and a domain event reaches its listener once.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { COURSE_LIVE, event, track } from "../src/modules/analytics/analytics.fixtures.ts";
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
