// The store's group commit: calls made together go in one statement, each told what was its own.
import { randomUUID } from "node:crypto";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { appendEvents, type StoredEvent } from "./analytics-store.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
});
afterAll(() => server.close());

const view = (userId: string, courseId: string, clientEventId = randomUUID()): StoredEvent => ({
  userId,
  clientEventId,
  type: "COURSE_VIEW",
  courseId,
  videoId: null,
  positionSeconds: null,
  fromPositionSeconds: null,
  playbackRate: null,
  occurredAt: new Date(),
  learner: true,
  detail: null,
});

it("stores calls made together in one statement, a key sent by two of them counted for the first", async () => {
  const [learner, other, courseA, courseB] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const shared = view(learner, courseA);
  const calls = [
    [shared, view(learner, courseA), view(learner, courseB)],
    [view(other, courseB), shared, view(other, courseB)],
    [shared],
  ];
  const answers = await Promise.all(calls.map((events) => appendEvents(server.db, events)));
  expect(answers).toEqual([
    new Map([[courseA, 2], [courseB, 1]]),
    new Map([[courseB, 2]]),
    new Map(),
  ]);
  const stored = await server.db.$queryRaw<{ transactions: number; events: number }[]>`
    SELECT count(DISTINCT xmin::text)::int AS transactions, count(*)::int AS events
    FROM analytics_events WHERE user_id IN (${learner}::uuid, ${other}::uuid)`;
  expect(stored).toEqual([{ transactions: 1, events: 5 }]);
});

it("answers a call alone when nothing else is under way, and a key stored before is a duplicate", async () => {
  const learner = randomUUID();
  const courseId = randomUUID();
  const first = view(learner, courseId);
  expect(await appendEvents(server.db, [first])).toEqual(new Map([[courseId, 1]]));
  expect(await appendEvents(server.db, [first, view(learner, courseId)])).toEqual(new Map([[courseId, 1]]));
  expect(await server.db.analyticsEvent.count({ where: { userId: learner } })).toBe(2);
});
