// courseAnalyticsLive over graphql-ws: an open dashboard gets the course's live figures at once,
// then within two seconds of new events; every dashboard of the course gets the same computation
// (once per second, whatever their number); learners and strangers are refused, and a dashboard
// whose viewer left the team ends at the next push.
import type { GraphQLFormattedError } from "graphql";
import type { Client } from "graphql-ws";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { addCoInstructor, removeCoInstructor } from "../catalog/catalog.fixtures.ts";
import { signUp, signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import { courseToLearn, enrollAs } from "../learning/learning.fixtures.ts";
import { COURSE_LIVE, event, track } from "./analytics.fixtures.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
});
afterAll(() => server.close());

interface Watch {
  events: Record<string, any>[];
  errors: GraphQLFormattedError[];
  ended: boolean;
}

function watch(client: Client, variables: Record<string, unknown>): Watch {
  const seen: Watch = { events: [], errors: [], ended: false };
  client.subscribe<Record<string, unknown>>(
    { query: COURSE_LIVE, variables },
    {
      next: (result) => {
        if (result.data) seen.events.push(result.data.courseAnalyticsLive as Record<string, any>);
        if (result.errors) seen.errors.push(...result.errors);
      },
      error: (error) => {
        seen.errors.push(...(Array.isArray(error) ? error : [{ message: `closed ${(error as { code?: number }).code}` }]));
        seen.ended = true;
      },
      complete: () => void (seen.ended = true),
    },
  );
  return seen;
}

async function learnerIn() {
  const { courseId, videoIds } = await courseToLearn(server, cast.owner.accessToken, [60]);
  const learner = await signUp(server);
  await enrollAs(server, learner.accessToken, courseId);
  return { courseId, videoId: videoIds[0], learner };
}

it("shows a learner's events on the open dashboards within two seconds, the same computation on each", async () => {
  const { courseId, videoId, learner } = await learnerIn();
  const owner = watch(server.subscriptionClient(cast.owner.accessToken), { courseId });
  const admin = watch(server.subscriptionClient(cast.admin.accessToken), { courseId });
  await waitUntil("the dashboards' first figures", () => owner.events.length > 0 && admin.events.length > 0);
  expect(owner.events[0]).toMatchObject({ course: { id: courseId }, activeViewers: 0, eventsLastMinute: 0, hotspots: [] });

  const sent = Date.now();
  await track(server, learner.accessToken, [
    event({ type: "VIDEO_HEARTBEAT", courseId, videoId, positionSeconds: 12 }),
    event({ type: "CONFUSED", courseId, videoId, positionSeconds: 13 }),
  ]);
  const heard = (seen: Watch) => seen.events.some((figures) => figures.activeViewers === 1);
  await waitUntil("the events on both dashboards", () => heard(owner) && heard(admin), 2000);
  expect(Date.now() - sent).toBeLessThan(2000);
  const pushed = owner.events.find((figures) => figures.activeViewers === 1)!;
  expect(pushed).toMatchObject({
    eventsLastMinute: 2,
    hotspots: [{ video: { id: videoId }, bucket: { startSeconds: 10, endSeconds: 15, confusedFlags: 1, score: 0.3 } }],
  });
  // One computation per second for the course, published to both: the same figures at the same moment.
  expect(admin.events.find((figures) => figures.activeViewers === 1)).toEqual(pushed);

  // A burst over two seconds: at most one push per second.
  for (let index = 0; index < 6; index += 1) {
    await track(server, learner.accessToken, [event({ type: "VIDEO_HEARTBEAT", courseId, videoId, positionSeconds: 20 + index })]);
  }
  await waitUntil("the burst's last event", () => owner.events.some((figures) => figures.eventsLastMinute === 8), 3000);
  const seconds = owner.events.slice(1).map((figures) => Math.floor(Date.parse(figures.at) / 1000));
  expect(new Set(seconds).size).toBe(seconds.length);
});

it("refuses learners and strangers, and ends a dashboard whose viewer left the team at the next push", async () => {
  const { courseId, videoId, learner } = await learnerIn();
  const asLearner = watch(server.subscriptionClient(learner.accessToken), { courseId });
  const asStranger = watch(server.subscriptionClient(cast.otherInstructor.accessToken), { courseId });
  await waitUntil("the refusals", () => asLearner.ended && asStranger.ended);
  for (const seen of [asLearner, asStranger]) {
    expect(seen.errors.map((error) => error.extensions?.code)).toContain("FORBIDDEN");
    expect(seen.events).toEqual([]);
  }

  await addCoInstructor(server, cast.owner.accessToken, courseId, cast.coInstructor.id);
  const co = watch(server.subscriptionClient(cast.coInstructor.accessToken), { courseId });
  await waitUntil("the co-instructor's first figures", () => co.events.length > 0);
  await removeCoInstructor(server, cast.owner.accessToken, courseId, cast.coInstructor.id);
  await track(server, learner.accessToken, [event({ type: "VIDEO_HEARTBEAT", courseId, videoId, positionSeconds: 1 })]);
  await waitUntil("the dashboard ended", () => co.ended);
  expect(co.events).toHaveLength(1);
  expect(co.errors.map((error) => error.extensions?.code)).toContain("FORBIDDEN");
});
