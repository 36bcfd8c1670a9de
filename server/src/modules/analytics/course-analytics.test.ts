// courseAnalytics and videoAnalytics through the public API: the figures of a small known scene
// (two learners, an instructor previewing), who may see them, the range's defaults and limits, and
// a fixed number of statements whatever the number of videos.
import { databaseState } from "../../../test/support/database-state.ts";
import { expectError } from "../../../test/support/errors.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { addCoInstructor, createCourse } from "../catalog/catalog.fixtures.ts";
import { signUp, signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import { courseToLearn, enrollAs, record } from "../learning/learning.fixtures.ts";
import { analyticsSettled, COURSE_ANALYTICS, event, track, VIDEO_ANALYTICS } from "./analytics.fixtures.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
});
afterAll(() => server.close());

const DAY_MS = 86_400_000;


const courseFigures = async (token: string, variables: Record<string, unknown>) => {
  const result = await server.graphql(COURSE_ANALYTICS, variables, { token });
  expect(result.errors).toBeUndefined();
  return result.data!.courseAnalytics;
};

/** One 60-second video; Ada watches 0-30 and rewinds, pauses and is confused around 10-15; Bob watches it all (and so completes the course). */
async function scene() {
  const { courseId, videoIds } = await courseToLearn(server, cast.owner.accessToken, [60]);
  const [ada, bob] = [await signUp(server), await signUp(server)];
  await enrollAs(server, ada.accessToken, courseId);
  await enrollAs(server, bob.accessToken, courseId);
  const videoId = videoIds[0];
  await record(server, ada.accessToken, { videoId, positionSeconds: 30, watchedRanges: [[0, 20], [10, 30]] });
  await record(server, bob.accessToken, { videoId, positionSeconds: 60, watchedRanges: [[0, 60]] });
  await track(server, ada.accessToken, [
    event({ type: "VIDEO_PLAY", courseId, videoId, positionSeconds: 0 }),
    event({ type: "VIDEO_SEEK", courseId, videoId, positionSeconds: 12, fromPositionSeconds: 40 }),
    // A forward seek is no rewind.
    event({ type: "VIDEO_SEEK", courseId, videoId, positionSeconds: 45, fromPositionSeconds: 20 }),
    event({ type: "VIDEO_PAUSE", courseId, videoId, positionSeconds: 13 }),
    event({ type: "CONFUSED", courseId, videoId, positionSeconds: 14.5 }),
    event({ type: "VIDEO_PAUSE", courseId, videoId, positionSeconds: 50 }),
  ]);
  // The owner previewing: stored, in no figure.
  await track(server, cast.owner.accessToken, [
    event({ type: "VIDEO_PLAY", courseId, videoId, positionSeconds: 0 }),
    event({ type: "CONFUSED", courseId, videoId, positionSeconds: 30 }),
  ]);
  await analyticsSettled(server);
  return { courseId, videoId };
}

it("answers a known scene's figures, learners only", async () => {
  const { courseId, videoId } = await scene();
  const figures = await courseFigures(cast.owner.accessToken, { courseId });
  const today = new Date().toISOString().slice(0, 10);
  expect(figures).toMatchObject({
    enrollments: 2,
    activeLearners: 2,
    completions: 1,
    completionRate: 0.5,
    // Ada 30 of 60 s, Bob 60 of 60 s.
    averageProgressPercent: 75,
    watchTimeSeconds: 90,
    revenueCents: 0,
  });
  // The default range: the 30 whole UTC days to the end of today.
  expect(figures.daily).toHaveLength(30);
  expect(figures.daily.at(-1)).toEqual({ date: today, enrollments: 2, activeLearners: 2, completions: 1, watchTimeSeconds: 90, revenueCents: 0 });
  expect(figures.daily.slice(0, -1).every((day: { enrollments: number; activeLearners: number }) => day.enrollments === 0 && day.activeLearners === 0)).toBe(true);
  const [video] = figures.videos;
  expect(video).toMatchObject({ video: { id: videoId }, views: 1, uniqueViewers: 2, watchTimeSeconds: 90, averagePercentWatched: 75, completionRate: 0.5 });
  expect(video.retention).toHaveLength(60);
  expect(video.retention.slice(0, 30).every((point: { viewers: number }) => point.viewers === 1)).toBe(true);
  expect(video.retention.slice(30).every((point: { viewers: number }) => point.viewers === 0.5)).toBe(true);
  // Weights: confused 0.4, tutor questions 0.3, rewinds 0.2, pauses 0.1, each against the video's largest count.
  expect(video.confusion).toEqual([
    { startSeconds: 10, endSeconds: 15, score: 0.6, rewinds: 1, pauses: 1, confusedFlags: 1, tutorQuestions: 0, wrongAnswers: 0 },
    { startSeconds: 50, endSeconds: 55, score: 0.1, rewinds: 0, pauses: 1, confusedFlags: 0, tutorQuestions: 0, wrongAnswers: 0 },
  ]);
  const alone = await server.graphql(VIDEO_ANALYTICS, { videoId }, { token: cast.admin.accessToken });
  expect(alone.errors).toBeUndefined();
  expect(alone.data!.videoAnalytics).toEqual(video);
});

it("counts the UTC days of the range asked for, and nothing outside it", async () => {
  const { courseId } = await scene();
  const tomorrow = new Date(Date.now() + DAY_MS).toISOString().slice(0, 10);
  const later = await courseFigures(cast.owner.accessToken, { courseId, from: `${tomorrow}T00:00:00Z`, to: `${tomorrow}T12:00:00Z` });
  expect(later).toMatchObject({ enrollments: 0, activeLearners: 0, watchTimeSeconds: 0, daily: [{ date: tomorrow, enrollments: 0 }] });
  expect(later.videos[0]).toMatchObject({ views: 0, uniqueViewers: 0, confusion: [] });
});

describe("who may see them", () => {
  let courseId: string;
  let videoId: string;
  beforeAll(async () => {
    ({ courseId, videoId } = await scene());
    await addCoInstructor(server, cast.owner.accessToken, courseId, cast.coInstructor.id);
    await enrollAs(server, cast.student.accessToken, courseId);
    await analyticsSettled(server);
  });

  it("answers the owner, a co-instructor and admins the same figures", async () => {
    const range = { courseId, from: new Date(Date.now() - DAY_MS).toISOString(), to: new Date(Date.now() + DAY_MS).toISOString() };
    const owner = await courseFigures(cast.owner.accessToken, range);
    expect(await courseFigures(cast.coInstructor.accessToken, range)).toEqual(owner);
    expect(await courseFigures(cast.admin.accessToken, range)).toEqual(owner);
  });

  it("refuses learners and other instructors (FORBIDDEN), before looking at the range", async () => {
    for (const account of [cast.student, cast.otherInstructor]) {
      expectError(await server.graphql(COURSE_ANALYTICS, { courseId }, { token: account.accessToken }), "FORBIDDEN", "NOT_COURSE_INSTRUCTOR");
      expectError(await server.graphql(VIDEO_ANALYTICS, { videoId, from: "2026-02-02T00:00:00Z", to: "2026-02-01T00:00:00Z" }, { token: account.accessToken }), "FORBIDDEN", "NOT_COURSE_INSTRUCTOR");
    }
  });

  it("hides a draft course and its videos from people outside its team (NOT_FOUND), and refuses anonymous callers", async () => {
    const draft = await createCourse(server, cast.owner.accessToken);
    expectError(await server.graphql(COURSE_ANALYTICS, { courseId: draft.id }, { token: cast.otherStudent.accessToken }), "NOT_FOUND");
    expectError(await server.graphql(COURSE_ANALYTICS, { courseId }), "UNAUTHENTICATED");
  });

  it.each([
    ["from after to", { from: "2026-02-02T00:00:00Z", to: "2026-02-01T00:00:00Z" }, "must be before to"],
    ["a range over 366 days", { from: "2025-01-01T00:00:00Z", to: "2026-01-03T00:00:00Z" }, "must be at most 366 days before to"],
  ])("refuses %s (BAD_USER_INPUT naming from)", async (_name, range, message) => {
    for (const [document, variables] of [[COURSE_ANALYTICS, { courseId, ...range }], [VIDEO_ANALYTICS, { videoId, ...range }]] as const) {
      const result = await server.graphql(document, variables, { token: cast.owner.accessToken });
      expectError(result, "BAD_USER_INPUT");
      expect(result.errors![0].extensions.fields).toEqual({ from: message });
    }
  });

  it("writes nothing, answered or refused", async () => {
    const before = await databaseState(server);
    await server.graphql(COURSE_ANALYTICS, { courseId }, { token: cast.owner.accessToken });
    await server.graphql(COURSE_ANALYTICS, { courseId }, { token: cast.student.accessToken });
    expect(await databaseState(server)).toEqual(before);
  });
});

it("sends as many statements for a course of six videos as for one (no query per video)", async () => {
  const one = await courseToLearn(server, cast.owner.accessToken, [60]);
  const six = await courseToLearn(server, cast.owner.accessToken, [60, 60, 60, 60, 60, 60]);
  const learner = await signUp(server);
  await enrollAs(server, learner.accessToken, six.courseId);
  for (const videoId of six.videoIds) await record(server, learner.accessToken, { videoId, watchedRanges: [[0, 10]] });
  await analyticsSettled(server);
  const statementsFor = (courseId: string) => server.countQueries(() => courseFigures(cast.owner.accessToken, { courseId }));
  const [forOne, forSix] = [await statementsFor(one.courseId), await statementsFor(six.courseId)];
  expect(forSix).toBe(forOne);
  expect((await courseFigures(cast.owner.accessToken, { courseId: six.courseId })).videos.map((video: { uniqueViewers: number }) => video.uniqueViewers)).toEqual([1, 1, 1, 1, 1, 1]);
});
