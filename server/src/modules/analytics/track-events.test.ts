// trackEvents through the public API: each event checked on its own (the refused ones listed with
// their reason, the rest stored), duplicates counted once, the course's team kept apart from its
// learners, a batch too large refused whole with nothing written, and a call's statements fixed.
import { databaseState } from "../../../test/support/database-state.ts";
import { expectError } from "../../../test/support/errors.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { addCoInstructor, createCourse } from "../catalog/catalog.fixtures.ts";
import { signUp, signUpCast, type Cast, type TestAccount } from "../identity/identity.fixtures.ts";
import { courseToLearn, enrollAs } from "../learning/learning.fixtures.ts";
import { event, track, TRACK } from "./analytics.fixtures.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
});
afterAll(() => server.close());

async function learnerIn(durations: number[]): Promise<{ learner: TestAccount; courseId: string; videoIds: string[] }> {
  const { courseId, videoIds } = await courseToLearn(server, cast.owner.accessToken, durations);
  const learner = await signUp(server);
  await enrollAs(server, learner.accessToken, courseId);
  // The enrollment reaches analytics through its domain event: settled before the tests compare the database.
  await waitUntil("the enrollment recorded", async () => (await server.db.analyticsEvent.count({ where: { courseId: databaseId(courseId), type: "ENROLLED" } })) === 1);
  return { learner, courseId, videoIds };
}

const storedEvents = (courseId: string) =>
  server.db.analyticsEvent.findMany({ where: { courseId: databaseId(courseId), type: { not: "ENROLLED" } }, orderBy: { clientEventId: "asc" } });

it("stores the valid events of a call and lists each refused one with its reason", async () => {
  const { learner, courseId, videoIds } = await learnerIn([60]);
  const other = await courseToLearn(server, cast.owner.accessToken, [60]);
  const draft = await createCourse(server, cast.owner.accessToken);
  const now = Date.now();
  const good = [
    event({ type: "COURSE_VIEW", courseId }),
    event({ type: "VIDEO_PLAY", courseId, videoId: videoIds[0], positionSeconds: 0 }),
    event({ type: "VIDEO_SEEK", courseId, videoId: videoIds[0], positionSeconds: 10, fromPositionSeconds: 40 }),
    event({ type: "VIDEO_RATE_CHANGE", courseId, videoId: videoIds[0], positionSeconds: 12, playbackRate: 1.5 }),
    event({ type: "CONFUSED", courseId, videoId: videoIds[0], positionSeconds: 60, occurredAt: new Date(now - 6 * 86_400_000).toISOString() }),
  ];
  const bad: [ReturnType<typeof event>, string][] = [
    [event({ type: "COURSE_VIEW", courseId: other.courseId }), "NOT_ENROLLED"],
    [event({ type: "COURSE_VIEW", courseId: draft.id }), "COURSE_NOT_FOUND"],
    [event({ type: "COURSE_VIEW", courseId: videoIds[0] }), "COURSE_NOT_FOUND"],
    [event({ type: "VIDEO_PLAY", courseId, videoId: other.videoIds[0], positionSeconds: 1 }), "VIDEO_NOT_IN_COURSE"],
    [event({ type: "VIDEO_PLAY", courseId, videoId: videoIds[0], positionSeconds: -1 }), "POSITION_OUT_OF_RANGE"],
    [event({ type: "VIDEO_PAUSE", courseId, videoId: videoIds[0], positionSeconds: 60.5 }), "POSITION_OUT_OF_RANGE"],
    [event({ type: "VIDEO_SEEK", courseId, videoId: videoIds[0], positionSeconds: 1, fromPositionSeconds: 99 }), "POSITION_OUT_OF_RANGE"],
    [event({ type: "VIDEO_PLAY", courseId, videoId: videoIds[0], positionSeconds: 1, occurredAt: new Date(now + 6 * 60_000).toISOString() }), "IN_THE_FUTURE"],
    [event({ type: "VIDEO_PLAY", courseId, videoId: videoIds[0], positionSeconds: 1, occurredAt: new Date(now - 7 * 86_400_000 - 60_000).toISOString() }), "TOO_OLD"],
    [event({ type: "VIDEO_PLAY", courseId, positionSeconds: 1 }), "MISSING_FIELD:videoId"],
    [event({ type: "VIDEO_HEARTBEAT", courseId, videoId: videoIds[0] }), "MISSING_FIELD:positionSeconds"],
    [event({ type: "VIDEO_SEEK", courseId, videoId: videoIds[0], positionSeconds: 1 }), "MISSING_FIELD:fromPositionSeconds"],
    [event({ type: "VIDEO_RATE_CHANGE", courseId, videoId: videoIds[0], positionSeconds: 1 }), "MISSING_FIELD:playbackRate"],
    [event({ type: "VIDEO_RATE_CHANGE", courseId, videoId: videoIds[0], positionSeconds: 1, playbackRate: 0 }), "INVALID_PLAYBACK_RATE"],
  ];
  const result = await track(server, learner.accessToken, [...good.slice(0, 2), ...bad.map(([input]) => input), ...good.slice(2)]);
  expect(result).toEqual({
    accepted: good.length,
    duplicates: 0,
    rejected: bad.map(([input, reason]) => ({ clientEventId: input.clientEventId, reason })),
  });
  const stored = await storedEvents(courseId);
  expect(stored.map((row) => row.clientEventId).sort()).toEqual(good.map((input) => input.clientEventId).sort());
  expect(stored.every((row) => row.learner && row.userId === databaseId(learner.id))).toBe(true);
  expect(await storedEvents(other.courseId)).toEqual([]);
  const seek = stored.find((row) => row.clientEventId === good[2].clientEventId)!;
  expect(seek).toMatchObject({ type: "VIDEO_SEEK", videoId: databaseId(videoIds[0]), positionSeconds: 10, fromPositionSeconds: 40, playbackRate: null });
});

it("counts an event sent twice once, in one call or in two", async () => {
  const { learner, courseId } = await learnerIn([60]);
  const view = event({ type: "COURSE_VIEW", courseId });
  expect(await track(server, learner.accessToken, [view, view])).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
  const again = await Promise.all([1, 2, 3].map(() => track(server, learner.accessToken, [view, event({ type: "COURSE_VIEW", courseId })])));
  expect(again.map((result) => [result.accepted, result.duplicates])).toEqual([[1, 1], [1, 1], [1, 1]]);
  expect(await storedEvents(courseId)).toHaveLength(4);
  // Another viewer's event with the same client id is theirs.
  const other = await signUp(server);
  await enrollAs(server, other.accessToken, courseId);
  expect(await track(server, other.accessToken, [view])).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
});

it("keeps the course's team apart from its learners, and refuses strangers' events", async () => {
  const { courseId } = await learnerIn([60]);
  await addCoInstructor(server, cast.owner.accessToken, courseId, cast.coInstructor.id);
  for (const member of [cast.owner, cast.coInstructor, cast.admin]) {
    expect(await track(server, member.accessToken, [event({ type: "COURSE_VIEW", courseId })])).toMatchObject({ accepted: 1 });
  }
  expect((await track(server, cast.otherInstructor.accessToken, [event({ type: "COURSE_VIEW", courseId })])).rejected[0].reason).toBe("NOT_ENROLLED");
  const team = (await storedEvents(courseId)).filter((row) => row.type === "COURSE_VIEW" && !row.learner);
  expect(team.map((row) => row.userId).sort()).toEqual([cast.owner.id, cast.coInstructor.id, cast.admin.id].map(databaseId).sort());
});

it("refuses more than 500 events at once (BAD_USER_INPUT naming events), writing nothing; refuses anonymous callers", async () => {
  const { learner, courseId } = await learnerIn([60]);
  const before = await databaseState(server);
  const events = Array.from({ length: 501 }, () => event({ type: "COURSE_VIEW", courseId }));
  const result = await server.graphql(TRACK, { events }, { token: learner.accessToken });
  expectError(result, "BAD_USER_INPUT");
  expect(result.errors![0].extensions.fields).toHaveProperty("events");
  expectError(await server.graphql(TRACK, { events: events.slice(0, 1) }), "UNAUTHENTICATED");
  const refusedOnly = await track(server, learner.accessToken, [event({ type: "VIDEO_PLAY", courseId })]);
  expect(refusedOnly.accepted).toBe(0);
  expect(await databaseState(server)).toEqual(before);
});

it("takes 500 events in as many statements as 1", async () => {
  const { learner, courseId, videoIds } = await learnerIn([60, 60]);
  const batch = (size: number) =>
    Array.from({ length: size }, (_, index) => event({ type: "VIDEO_HEARTBEAT", courseId, videoId: videoIds[index % 2], positionSeconds: index % 60 }));
  // Warm: the session and the course are read the same way in both calls.
  await track(server, learner.accessToken, batch(1));
  const one = await server.countQueries(() => track(server, learner.accessToken, batch(1)));
  const many = await server.countQueries(() => track(server, learner.accessToken, batch(500)));
  expect(many).toBe(one);
  expect(await server.db.analyticsEvent.count({ where: { courseId: databaseId(courseId), type: "VIDEO_HEARTBEAT" } })).toBe(502);
});

it("counts trackEvents in the viewer's per-minute requests like any operation, refusing past it with nothing written", async () => {
  const limited = await startTestServer({ API_REQUESTS_PER_MINUTE: "4", AUTH_IP_LIMIT_PER_MINUTE: "10000" });
  try {
    const owner = await signUp(limited, { role: "INSTRUCTOR" });
    const { courseId } = await courseToLearn(limited, owner.accessToken, [60]);
    const learner = await signUp(limited);
    // The enrollment is the first of the learner's four.
    await enrollAs(limited, learner.accessToken, courseId);
    for (let call = 0; call < 3; call += 1) await track(limited, learner.accessToken, [event({ type: "COURSE_VIEW", courseId })]);
    await waitUntil("the enrollment recorded", async () => (await limited.db.analyticsEvent.count({ where: { type: "ENROLLED" } })) === 1);
    const before = await databaseState(limited);
    const refused = await limited.graphql(TRACK, { events: [event({ type: "COURSE_VIEW", courseId })] }, { token: learner.accessToken });
    expectError(refused, "RATE_LIMITED");
    expect(await databaseState(limited)).toEqual(before);
  } finally {
    await limited.close();
  }
});
