// GET /metrics: Prometheus' text format with what an operator watches (operations by name and
// outcome, errors by code, WebSocket connections and subscriptions, the pool, the queues, domain
// event lag, Node's own), behind METRICS_TOKEN when one is set and not served in production without.
import express from "express";
import type { Server } from "node:http";
import { CREATE_COURSE } from "../src/modules/catalog/catalog.fixtures.ts";
import { signUp } from "../src/modules/identity/identity.fixtures.ts";
import { createDatabase } from "../src/platform/db.ts";
import { createMetrics } from "../src/platform/metrics.ts";
import { createTestDatabase } from "./support/test-database.ts";
import { startTestServer, type TestServer, UNTHROTTLED } from "./support/test-server.ts";
import { waitUntil } from "./support/wait.ts";

const TOKEN = "metrics-token-for-tests-0123456789";
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ ...UNTHROTTLED });
});
afterAll(() => server.close());

async function scrape(target = server, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${target.url}/metrics`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one sample (name with its labels exactly as exposed), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const anonymous = (query: string) =>
  fetch(`${server.url}/graphql`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ query }) });

it("counts GraphQL operations by name, type and outcome, errors by code, and requests by route and status", async () => {
  const learner = await signUp(server);
  const before = await scrape();
  const okBefore = sample(before, 'graphql_operation_duration_seconds_count{operation="MetricsMe",type="query",outcome="ok"}') ?? 0;
  const refusedBefore = sample(before, 'graphql_errors_total{code="FORBIDDEN"}') ?? 0;

  expect((await server.graphql(`query MetricsMe { me { id } }`, {}, { token: learner.accessToken })).errors).toBeUndefined();
  expect((await server.graphql(`query MetricsMe { me { id } }`, {}, { token: learner.accessToken })).errors).toBeUndefined();
  const refused = await server.graphql(CREATE_COURSE, { input: { title: "Not theirs", description: "d", priceCents: 0 } }, { token: learner.accessToken });
  expect(refused.errors?.[0].extensions.code).toBe("FORBIDDEN");

  const after = await scrape();
  expect(sample(after, 'graphql_operation_duration_seconds_count{operation="MetricsMe",type="query",outcome="ok"}')).toBe(okBefore + 2);
  expect(sample(after, 'graphql_errors_total{code="FORBIDDEN"}')).toBe(refusedBefore + 1);
  expect(after).toMatch(/^graphql_operation_duration_seconds_count\{operation="\w+",type="mutation",outcome="error"\} [1-9]/m);
  expect(sample(after, 'http_request_duration_seconds_count{method="POST",route="graphql",status_code="200"}')).toBeGreaterThanOrEqual(3);
  for (const name of ["process_resident_memory_bytes", "nodejs_eventloop_lag_seconds", "nodejs_heap_size_used_bytes"]) {
    expect(sample(after, name)).toBeGreaterThan(0);
  }
  expect(sample(after, 'db_pool_connections{state="total"}')).toBeGreaterThan(0);
  expect(sample(after, "domain_event_lag_seconds")).toBeGreaterThanOrEqual(0);
  expect(after).toContain("# TYPE jobs gauge");
  // Nothing about who asked: no tokens, emails or ids in the labels.
  expect(after).not.toContain(learner.accessToken);
  expect(after).not.toContain(learner.email);
});

it("shows open WebSocket connections and running subscriptions, and their end", async () => {
  const owner = await signUp(server, { role: "INSTRUCTOR" });
  const course = await server.graphql(CREATE_COURSE, { input: { title: "Watched course", description: "d", priceCents: 0 } }, { token: owner.accessToken });
  const client = server.subscriptionClient(owner.accessToken);
  const stop = client.subscribe(
    { query: `subscription($courseId: ID!) { videoStatusChanged(courseId: $courseId) { id } }`, variables: { courseId: course.data!.createCourse.id } },
    { next: () => {}, error: () => {}, complete: () => {} },
  );
  let running = "";
  await waitUntil("the subscription to be counted", async () => {
    running = await scrape();
    return sample(running, "graphql_subscriptions") === 1;
  });
  expect(sample(running, "websocket_connections")).toBe(1);

  stop();
  await client.dispose();
  await waitUntil("the subscription and its socket to be gone", async () => {
    const ended = await scrape();
    return sample(ended, "graphql_subscriptions") === 0 && sample(ended, "websocket_connections") === 0;
  });
});

it("keeps operation names to a bounded set: names past the 500th are counted as other", async () => {
  const names = Array.from({ length: 520 }, (_, index) => `Flood${index}`);
  for (let start = 0; start < names.length; start += 40) {
    await Promise.all(names.slice(start, start + 40).map(async (name) => expect((await anonymous(`query ${name} { __typename }`)).status).toBe(200)));
  }
  const text = await scrape();
  const distinct = new Set([...text.matchAll(/^graphql_operation_duration_seconds_count\{operation="([^"]+)"/gm)].map((match) => match[1]));
  expect(distinct.size).toBeLessThanOrEqual(501);
  expect(sample(text, 'graphql_operation_duration_seconds_count{operation="other",type="query",outcome="ok"}')).toBeGreaterThanOrEqual(20);
});

describe("access", () => {
  it("asks for METRICS_TOKEN as a bearer token when one is set, and says nothing else without it", async () => {
    const guarded = await startTestServer({ ...UNTHROTTLED, METRICS_TOKEN: TOKEN }, { besides: server });
    try {
      for (const headers of [{} as Record<string, string>, { Authorization: "Bearer wrong-token" }, { Authorization: `Bearer ${TOKEN}x` }, { Authorization: TOKEN }]) {
        const refused = await fetch(`${guarded.url}/metrics`, { headers });
        expect(refused.status).toBe(401);
        expect(await refused.text()).toBe("A valid metrics token is required.");
      }
      expect(await scrape(guarded, { Authorization: `Bearer ${TOKEN}` })).toContain("# TYPE graphql_operation_duration_seconds histogram");
    } finally {
      await guarded.close();
    }
  });

  it("is not served when closed (production without a token)", async () => {
    const database = await createTestDatabase();
    const db = createDatabase({ url: database.url, poolSize: 1 });
    const app = express();
    app.use(createMetrics({ db, webSockets: () => ({ connections: 0, subscriptions: 0 }) }).routes({ closed: true }));
    app.use((_req, res) => void res.status(404).send("Not found."));
    const listening: Server = await new Promise((resolve) => {
      const started = app.listen(0, "127.0.0.1", () => resolve(started));
    });
    try {
      const address = listening.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${address.port}/metrics`);
      expect(response.status).toBe(404);
    } finally {
      await new Promise((resolve) => listening.close(resolve));
      await db.$disconnect();
      await database.drop();
    }
  });
});
