// The push of learning records to an LRS (XAPI_ENDPOINT), against a Learning Record Store on
// loopback through the same client production uses: Basic credentials and the xAPI version header,
// batches of PUSH_BATCH statements that Learning Locker's validator accepts, each statement sent
// once however often the push runs; a refused batch moves nothing on and goes again on the next
// run; a conflicting statement is passed over, not a blockage.
import validateStatement from "@learninglocker/xapi-validation";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { analyticsSettled, event, track } from "../analytics/analytics.fixtures.ts";
import { signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import { courseToLearn, enrollAs } from "../learning/learning.fixtures.ts";
import { allLearningRecords, startLrs, type Lrs } from "./integrations.fixtures.ts";
import { LrsError, PUSH_BATCH, pushLearningRecords } from "./xapi-push.ts";

let server: TestServer;
let lrs: Lrs;
let cast: Cast;
let course: { courseId: string; videoIds: string[] };

beforeAll(async () => {
  lrs = await startLrs();
  server = await startTestServer({
    ...UNTHROTTLED,
    XAPI_ENDPOINT: lrs.endpoint,
    XAPI_USERNAME: lrs.username,
    XAPI_PASSWORD: lrs.password,
    XAPI_SETTLE_SECONDS: "0",
    // Runs only when a test says: the schedule's job would push behind the tests' backs.
    XAPI_PUSH_CRON: "0 0 1 1 *",
  });
  cast = await signUpCast(server);
  course = await courseToLearn(server, cast.owner.accessToken, [60]);
  await enrollAs(server, cast.student.accessToken, course.courseId);
});
afterAll(async () => {
  await server.close();
  await lrs.close();
});

const push = () => pushLearningRecords(server.app.platform);
const pushedUpTo = () => server.db.xapiPushState.findUnique({ where: { id: 1 } });

/** `count` plays of the course's video by the student, stored and settled. */
async function plays(count: number) {
  const events = Array.from({ length: count }, (_, index) =>
    event({ type: "VIDEO_PLAY", courseId: course.courseId, videoId: course.videoIds[0], positionSeconds: index % 60, playbackRate: 1 }),
  );
  expect((await track(server, cast.student.accessToken, events)).accepted).toBe(count);
  await analyticsSettled(server);
}

it("sends nothing and moves nothing on when the LRS refuses, then everything settled in batches, each statement valid", async () => {
  await plays(2 * PUSH_BATCH + 50);
  lrs.answerNext(503);
  await expect(push()).rejects.toThrow(LrsError);
  expect(await pushedUpTo()).toBeNull();
  expect(lrs.stored.size).toBe(0);

  const records = await allLearningRecords(server, cast.owner.accessToken, course.courseId);
  expect(await push()).toBe(records.length);
  const batches = lrs.requests.slice(1);
  expect(batches.map((request) => request.statements.length)).toEqual([PUSH_BATCH, PUSH_BATCH, records.length - 2 * PUSH_BATCH]);
  for (const request of batches) {
    expect(request).toMatchObject({ method: "POST", path: "/xapi/statements", headers: { "x-experience-api-version": "1.0.3", "content-type": "application/json" } });
  }
  // What the LRS holds is what partners read through the API, statement for statement.
  expect([...lrs.stored.keys()]).toEqual(records.map((record) => record.id));
  for (const record of records) expect(lrs.stored.get(record.id)).toEqual(JSON.parse(record.statement));
  for (const statement of lrs.stored.values()) expect(validateStatement(statement)).toEqual([]);
  const last = records.at(-1)!;
  expect((await pushedUpTo())!.storedAt.toISOString()).toBe(last.stored);
});

it("sends each statement once: a run with nothing new sends nothing, the next sends only what came since", async () => {
  const before = lrs.requests.length;
  expect(await push()).toBe(0);
  expect(lrs.requests).toHaveLength(before);

  await plays(3);
  expect(await push()).toBe(3);
  expect(lrs.requests.slice(before).map((request) => request.statements.length)).toEqual([3]);
  expect(lrs.stored.size).toBe((await allLearningRecords(server, cast.owner.accessToken, course.courseId)).length);
});

it("passes over a statement the LRS holds with other content, and takes the rest of its batch", async () => {
  await plays(3);
  const records = await allLearningRecords(server, cast.owner.accessToken, course.courseId);
  const fresh = records.slice(-3);
  const conflicting = { ...JSON.parse(fresh[1]!.statement), timestamp: "2020-01-01T00:00:00.000Z" };
  lrs.stored.set(fresh[1]!.id, conflicting);

  expect(await push()).toBe(3);
  expect(lrs.stored.get(fresh[0]!.id)).toEqual(JSON.parse(fresh[0]!.statement));
  expect(lrs.stored.get(fresh[2]!.id)).toEqual(JSON.parse(fresh[2]!.statement));
  expect(lrs.stored.get(fresh[1]!.id)).toEqual(conflicting);
  expect((await pushedUpTo())!.storedAt.toISOString()).toBe(fresh[2]!.stored);
});

it("moves nothing on when the LRS refuses the credentials", async () => {
  await plays(1);
  const before = await pushedUpTo();
  lrs.answerNext(401);
  await expect(push()).rejects.toMatchObject({ status: 401 });
  expect(await pushedUpTo()).toEqual(before);
  expect(await push()).toBe(1);
});

it("is off without XAPI_ENDPOINT", async () => {
  const unset = await startTestServer({ ...UNTHROTTLED }, { besides: server });
  try {
    expect(await pushLearningRecords(unset.app.platform)).toBe(0);
  } finally {
    await unset.close();
  }
});
