// Learning records through the public API: a learner's watching and their course's start and end
// as xAPI statements that Learning Locker's validator accepts, in the xAPI Video Profile's terms
// (played-segments and progress from their progress reports); read by the course's team, admins
// and keys with learning-records:read, a page at a time in the order they were stored; refused
// to everyone else, and invisible until settled.
import validateStatement from "@learninglocker/xapi-validation";
import { randomUUID } from "node:crypto";
import { expectError } from "../../../test/support/errors.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { toGlobalId } from "../../platform/ids.ts";
import { analyticsSettled, event, track } from "../analytics/analytics.fixtures.ts";
import { addCoInstructor } from "../catalog/catalog.fixtures.ts";
import { createApiKey, signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import { courseToLearn, enrollAs, record } from "../learning/learning.fixtures.ts";
import { allLearningRecords, LEARNING_RECORDS, type LearningRecordNode } from "./integrations.fixtures.ts";
import { XAPI_VERBS } from "./xapi-statements.ts";

const VIDEO = "https://w3id.org/xapi/video";
const DURATIONS = [30, 20];

let server: TestServer;
let cast: Cast;
let course: { courseId: string; videoIds: string[] };
let records: LearningRecordNode[];
let partnerKey: string;

/** Each call stored after the one before: one event a call, each after the listeners of the last. */
async function trackAlone(input: Parameters<typeof event>[0]) {
  const result = await track(server, cast.student.accessToken, [event(input)]);
  expect(result.accepted).toBe(1);
  await analyticsSettled(server);
}

async function recordWatched(videoId: string, ranges: [number, number][]) {
  expect((await record(server, cast.student.accessToken, { videoId, positionSeconds: ranges.at(-1)![1], watchedRanges: ranges })).errors).toBeUndefined();
  await analyticsSettled(server);
}

const statementOf = (node: LearningRecordNode) => JSON.parse(node.statement) as Record<string, any>;
const byVerb = (verb: keyof typeof XAPI_VERBS) => records.filter((node) => node.verb === XAPI_VERBS[verb]).map(statementOf);

beforeAll(async () => {
  // Settled at once: the tests order reports before the events that count them.
  server = await startTestServer({ ...UNTHROTTLED, XAPI_SETTLE_SECONDS: "0" });
  cast = await signUpCast(server);
  course = await courseToLearn(server, cast.owner.accessToken, DURATIONS);
  await addCoInstructor(server, cast.owner.accessToken, course.courseId, cast.coInstructor.id);
  partnerKey = await createApiKey(server, cast.owner, ["learning-records:read"]);

  const [first, second] = course.videoIds as [string, string];
  await enrollAs(server, cast.student.accessToken, course.courseId);
  await analyticsSettled(server);
  await trackAlone({ type: "VIDEO_INITIALIZED", courseId: course.courseId, videoId: first, positionSeconds: 0 });
  await trackAlone({ type: "VIDEO_PLAY", courseId: course.courseId, videoId: first, positionSeconds: 0, playbackRate: 1 });
  await recordWatched(first, [[0, 12]]);
  await trackAlone({ type: "VIDEO_SEEK", courseId: course.courseId, videoId: first, positionSeconds: 5, fromPositionSeconds: 12 });
  await trackAlone({ type: "VIDEO_PAUSE", courseId: course.courseId, videoId: first, positionSeconds: 8 });
  await recordWatched(first, [[5, 30]]);
  await trackAlone({ type: "VIDEO_ENDED", courseId: course.courseId, videoId: first, positionSeconds: 30 });
  // What the team does in its own course is a preview, never a learner's record.
  await track(server, cast.owner.accessToken, [event({ type: "VIDEO_PLAY", courseId: course.courseId, videoId: first, positionSeconds: 0, playbackRate: 1 })]);
  await recordWatched(second, [[0, 20]]);

  records = await allLearningRecords(server, partnerKey, course.courseId);
});
afterAll(() => server.close());

it("gives every learning event one statement that an xAPI validator accepts, in the order they were stored", () => {
  expect(records.map((node) => node.verb)).toEqual([
    XAPI_VERBS.registered,
    XAPI_VERBS.initialized,
    XAPI_VERBS.played,
    XAPI_VERBS.seeked,
    XAPI_VERBS.paused,
    XAPI_VERBS.completed,
    XAPI_VERBS.completed,
  ]);
  for (const node of records) {
    const statement = statementOf(node);
    expect(validateStatement(statement)).toEqual([]);
    expect(statement).toMatchObject({ id: node.id, version: "1.0.3", verb: { id: node.verb }, timestamp: node.timestamp });
    expect(node.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  }
  expect(records.map((node) => node.stored)).toEqual(records.map((node) => node.stored).sort());
  // The validator does refuse: without its actor, or with an id that is no UUID, a statement fails it.
  const { actor: _actor, ...withoutActor } = statementOf(records[0]!);
  expect(validateStatement(withoutActor)).not.toEqual([]);
  expect(validateStatement({ ...statementOf(records[0]!), id: "not-a-uuid" })).not.toEqual([]);
});

it("names the learner by an account on the platform, never by their e-mail address", () => {
  const { publicUrl } = server.app.platform.config;
  for (const node of records) {
    expect(statementOf(node).actor).toEqual({ objectType: "Agent", account: { homePage: publicUrl, name: cast.student.id } });
    expect(node.statement).not.toContain(cast.student.email);
  }
});

it("speaks the xAPI Video Profile: the moments, the played segments and progress from the learner's reports, the video's length and course", () => {
  const { publicUrl } = server.app.platform.config;
  const courseActivity = { objectType: "Activity", id: `${publicUrl}/xapi/courses/${course.courseId}`, definition: { type: "http://adlnet.gov/expapi/activities/course" } };
  const video = { objectType: "Activity", id: `${publicUrl}/xapi/videos/${course.videoIds[0]}`, definition: { type: `${VIDEO}/activity-type/video` } };
  const context = { contextActivities: { parent: [courseActivity], category: [{ objectType: "Activity", id: VIDEO }] }, extensions: { [`${VIDEO}/extensions/length`]: 30 } };

  expect(byVerb("initialized")).toEqual([expect.objectContaining({ object: video, context })]);
  expect(byVerb("initialized")[0]!.result).toBeUndefined();
  expect(byVerb("played")).toEqual([expect.objectContaining({ object: video, result: { extensions: { [`${VIDEO}/extensions/time`]: 0 } } })]);
  expect(byVerb("seeked")).toEqual([
    expect.objectContaining({ result: { extensions: { [`${VIDEO}/extensions/time-from`]: 12, [`${VIDEO}/extensions/time-to`]: 5 } } }),
  ]);
  // Paused after watching 0-12 of 30 seconds.
  expect(byVerb("paused")).toEqual([
    expect.objectContaining({
      object: video,
      context,
      result: { extensions: { [`${VIDEO}/extensions/time`]: 8, [`${VIDEO}/extensions/played-segments`]: "0[.]12", [`${VIDEO}/extensions/progress`]: 0.4 } },
    }),
  ]);
  const [videoCompleted, courseCompleted] = byVerb("completed");
  // Ended after 0-12 and 5-30: all of it, once.
  expect(videoCompleted).toMatchObject({
    object: video,
    result: { completion: true, extensions: { [`${VIDEO}/extensions/time`]: 30, [`${VIDEO}/extensions/played-segments`]: "0[.]30", [`${VIDEO}/extensions/progress`]: 1 } },
  });
  expect(courseCompleted).toEqual(expect.objectContaining({ object: courseActivity, result: { completion: true } }));
  expect(courseCompleted!.context).toBeUndefined();
  expect(byVerb("registered")).toEqual([expect.objectContaining({ object: courseActivity })]);
});

it("answers the same statements, ids and all, on every read", async () => {
  expect(await allLearningRecords(server, cast.owner.accessToken, course.courseId)).toEqual(records);
});

it("reads a page at a time in the order stored, and filters by the time stored", async () => {
  const token = partnerKey;
  const first = await server.graphql(LEARNING_RECORDS, { courseId: course.courseId, first: 3 }, { token });
  expect(first.errors).toBeUndefined();
  const page = first.data!.learningRecords;
  expect(page.totalCount).toBe(records.length);
  expect(page.nodes).toEqual(records.slice(0, 3));
  expect(page.pageInfo.hasNextPage).toBe(true);
  const rest = await server.graphql(LEARNING_RECORDS, { courseId: course.courseId, first: 100, after: page.pageInfo.endCursor }, { token });
  expect(rest.data!.learningRecords.nodes).toEqual(records.slice(3));
  expect(rest.data!.learningRecords.pageInfo.hasNextPage).toBe(false);

  const since = records[4]!.stored;
  const until = records[6]!.stored;
  const between = await server.graphql(LEARNING_RECORDS, { courseId: course.courseId, since, until }, { token });
  expect(between.data!.learningRecords.nodes).toEqual(records.filter((node) => node.stored >= since && node.stored < until));
  expect(between.data!.learningRecords.totalCount).toBe(between.data!.learningRecords.nodes.length);
});

it("refuses a forged cursor, another course's cursor and a range that ends before it starts, naming the argument", async () => {
  const token = partnerKey;
  const forged = await server.graphql(LEARNING_RECORDS, { courseId: course.courseId, after: Buffer.from(JSON.stringify(["2020-01-01", randomUUID(), "x"])).toString("base64url") }, { token });
  expectError(forged, "BAD_USER_INPUT");
  expect(forged.errors![0]!.extensions.fields).toHaveProperty("after");

  const other = await courseToLearn(server, cast.owner.accessToken, [10]);
  const firstPage = await server.graphql(LEARNING_RECORDS, { courseId: course.courseId, first: 1 }, { token });
  const elsewhere = await server.graphql(LEARNING_RECORDS, { courseId: other.courseId, after: firstPage.data!.learningRecords.pageInfo.endCursor }, { token });
  expectError(elsewhere, "BAD_USER_INPUT");

  const backwards = await server.graphql(LEARNING_RECORDS, { courseId: course.courseId, since: "2026-06-02T00:00:00Z", until: "2026-06-01T00:00:00Z" }, { token });
  expectError(backwards, "BAD_USER_INPUT");
  expect(backwards.errors![0]!.extensions.fields).toHaveProperty("since");
});

it("is the course team's and admins': the other instructor, a learner and a key without the scope are refused", async () => {
  for (const token of [cast.coInstructor.accessToken, cast.admin.accessToken]) {
    expect((await allLearningRecords(server, token, course.courseId)).map((node) => node.id)).toEqual(records.map((node) => node.id));
  }
  expectError(await server.graphql(LEARNING_RECORDS, { courseId: course.courseId }, { token: cast.otherInstructor.accessToken }), "FORBIDDEN");
  expectError(await server.graphql(LEARNING_RECORDS, { courseId: course.courseId }, { token: cast.student.accessToken }), "FORBIDDEN");
  const analyticsKey = await createApiKey(server, cast.owner, ["analytics:read"]);
  expectError(await server.graphql(LEARNING_RECORDS, { courseId: course.courseId }, { token: analyticsKey }), "FORBIDDEN");
  expectError(await server.graphql(LEARNING_RECORDS, { courseId: toGlobalId("Course", randomUUID()) }, { token: partnerKey }), "NOT_FOUND");
});

it("shows an event only once settled, when the reports that complete its statement are in", async () => {
  const later = await startTestServer({ ...UNTHROTTLED, XAPI_SETTLE_SECONDS: "3600" }, { besides: server });
  try {
    const answer = await later.graphql(LEARNING_RECORDS, { courseId: course.courseId }, { token: partnerKey });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.learningRecords).toMatchObject({ totalCount: 0, nodes: [] });
  } finally {
    await later.close();
  }
});
