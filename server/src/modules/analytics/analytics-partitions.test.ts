// The raw events' monthly partitions: made ahead at start, dropped whole (rows and all) once past
// the retention, and the dedupe keys deleted once no acceptable resend can match them.
import { randomUUID } from "node:crypto";
import { startTestServer, type TestServer } from "../../../test/support/test-server.ts";
import { maintainEventPartitions } from "./analytics-partitions.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ ANALYTICS_RETENTION_DAYS: "31" });
});
afterAll(() => server.close());

const partitions = async () =>
  (
    await server.db.$queryRaw<{ name: string }[]>`
      SELECT c.relname::text AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'analytics_events'::regclass ORDER BY 1`
  ).map((row) => row.name);

const month = (at: Date) => `analytics_events_${at.toISOString().slice(0, 7).replace("-", "")}`;

it("has this month's partition and the next two's once started", async () => {
  const now = new Date();
  const months = [0, 1, 2].map((ahead) => month(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + ahead, 1))));
  expect(await partitions()).toEqual(expect.arrayContaining(months));
});

it("drops the partitions whose month ended more than the retention ago, with their rows, and makes the coming ones", async () => {
  // As if it were 15 March 2027 with 31 days kept: January 2027 ended 42 days before, February 14 days.
  await server.db.$executeRawUnsafe(
    `CREATE TABLE IF NOT EXISTS analytics_events_202702 PARTITION OF analytics_events FOR VALUES FROM ('2027-02-01T00:00:00Z') TO ('2027-03-01T00:00:00Z')`,
  );
  await server.db.$executeRawUnsafe(
    `CREATE TABLE IF NOT EXISTS analytics_events_202701 PARTITION OF analytics_events FOR VALUES FROM ('2027-01-01T00:00:00Z') TO ('2027-02-01T00:00:00Z')`,
  );
  const row = (receivedAt: string) => ({
    receivedAt: new Date(receivedAt), occurredAt: new Date(receivedAt), userId: randomUUID(), clientEventId: randomUUID(), type: "COURSE_VIEW", courseId: randomUUID(), learner: true,
  });
  await server.db.analyticsEvent.createMany({ data: [row("2027-01-20T00:00:00Z"), row("2027-02-20T00:00:00Z")] });
  const [oldKey, recentKey] = [randomUUID(), randomUUID()];
  await server.db.analyticsEventKey.createMany({
    data: [
      { userId: randomUUID(), clientEventId: oldKey, receivedAt: new Date("2027-03-06T00:00:00Z") },
      { userId: randomUUID(), clientEventId: recentKey, receivedAt: new Date("2027-03-08T00:00:00Z") },
    ],
  });

  const { created, dropped } = await maintainEventPartitions(server.db, 31, new Date("2027-03-15T12:00:00Z"));
  expect(created).toEqual(["analytics_events_202703", "analytics_events_202704", "analytics_events_202705"]);
  expect(dropped).toContain("analytics_events_202701");
  expect(dropped).not.toContain("analytics_events_202702");
  const left = await partitions();
  expect(left).not.toContain("analytics_events_202701");
  expect(left).toEqual(expect.arrayContaining(["analytics_events_202702", "analytics_events_202703", "analytics_events_202705"]));
  expect((await server.db.analyticsEvent.findMany({ where: { receivedAt: { gte: new Date("2027-01-01T00:00:00Z") } } })).map((event) => event.receivedAt.toISOString())).toEqual([
    "2027-02-20T00:00:00.000Z",
  ]);
  expect((await server.db.analyticsEventKey.findMany({ where: { clientEventId: { in: [oldKey, recentKey] } } })).map((key) => key.clientEventId)).toEqual([recentKey]);

  // Run again (another instance, the next hour): nothing more to do.
  expect(await maintainEventPartitions(server.db, 31, new Date("2027-03-15T13:00:00Z"))).toEqual({ created: [], dropped: [] });
});
