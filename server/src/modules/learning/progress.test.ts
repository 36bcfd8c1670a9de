// recordProgress through the public API: the union of watched ranges merged by PostgreSQL,
// clamped to the exact duration, bad input refused with nothing written, the resume position by
// client time, and a course completed exactly once.
import { databaseState } from "../../../test/support/database-state.ts";
import { expectError } from "../../../test/support/errors.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { signUp, signUpCast, type Cast, type TestAccount } from "../identity/identity.fixtures.ts";
import { COURSE_PROGRESS_FIELDS, courseToLearn, enrollAs, record } from "./learning.fixtures.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
});
afterAll(() => server.close());

const COURSE_PROGRESS = /* GraphQL */ `query ($id: ID!) { course(id: $id) { viewerProgress { ${COURSE_PROGRESS_FIELDS} } } }`;

async function learnerIn(durations: number[]): Promise<{ learner: TestAccount; courseId: string; videoIds: string[] }> {
  const { courseId, videoIds } = await courseToLearn(server, cast.owner.accessToken, durations);
  const learner = await signUp(server);
  await enrollAs(server, learner.accessToken, courseId);
  return { learner, courseId, videoIds };
}

it("keeps exactly the union of duplicated, shuffled, overlapping and concurrent reports", async () => {
  const { learner, videoIds } = await learnerIn([100]);
  const reports: [number, number][][] = [[[0, 10]], [[5, 20]], [[0, 10]], [[50, 60], [55, 70]], [[30, 40]], [[20, 30]]];
  const shuffled = [...reports, ...reports].sort(() => Math.random() - 0.5);
  await Promise.all(shuffled.map((watchedRanges) => record(server, learner.accessToken, { videoId: videoIds[0], watchedRanges })));
  const last = await record(server, learner.accessToken, { videoId: videoIds[0], watchedRanges: [] });
  expect(last.data!.recordProgress).toMatchObject({
    watchedSeconds: 60,
    watchedRanges: [{ startSeconds: 0, endSeconds: 40 }, { startSeconds: 50, endSeconds: 70 }],
    percentWatched: 60,
    completed: false,
  });
});

it("measures against the exact duration: a 3.024 s clip watched to its end is complete, ranges past it are clamped", async () => {
  const { learner, videoIds } = await learnerIn([3.024]);
  const result = await record(server, learner.accessToken, { videoId: videoIds[0], positionSeconds: 9, watchedRanges: [[0, 9]] });
  expect(result.data!.recordProgress).toMatchObject({ watchedSeconds: 3.024, percentWatched: 100, completed: true, positionSeconds: 3.024 });
});

it("refuses bad input naming the field, and writes nothing", async () => {
  const { learner, videoIds } = await learnerIn([60]);
  const other = await courseToLearn(server, cast.owner.accessToken, [60]);
  const before = await databaseState(server);
  const bad: [Parameters<typeof record>[2], string][] = [
    [{ videoId: videoIds[0], watchedRanges: [[10, 5]] }, "watchedRanges[0].endSeconds"],
    [{ videoId: videoIds[0], watchedRanges: [[-1, 5]] }, "watchedRanges[0].startSeconds"],
    [{ videoId: videoIds[0], watchedRanges: [[0, 1e12]] }, "watchedRanges[0].endSeconds"],
    [{ videoId: videoIds[0], positionSeconds: -3 }, "positionSeconds"],
    [{ videoId: videoIds[0], watchedRanges: Array.from({ length: 101 }, (_, index): [number, number] => [index, index + 1]) }, "watchedRanges"],
    [{ videoId: other.courseId }, "videoId"],
    [{ videoId: Buffer.from("Video:0190a000-0000-7000-8000-000000000000").toString("base64url") }, "videoId"],
  ];
  for (const [report, field] of bad) {
    const result = await record(server, learner.accessToken, report);
    expectError(result, "BAD_USER_INPUT");
    expect(Object.keys(result.errors![0].extensions.fields!)).toEqual([field]);
  }
  expectError(await record(server, learner.accessToken, { videoId: other.videoIds[0] }), "FORBIDDEN", "NOT_ENROLLED");
  expect(await databaseState(server)).toEqual(before);
});

it("resumes at the report with the latest client time, so an old offline report never moves the learner back", async () => {
  const { learner, courseId, videoIds } = await learnerIn([100, 100]);
  const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  await record(server, learner.accessToken, { videoId: videoIds[0], positionSeconds: 40, clientTimestamp: at(5) });
  await record(server, learner.accessToken, { videoId: videoIds[1], positionSeconds: 12, clientTimestamp: at(2) });
  const stale = await record(server, learner.accessToken, { videoId: videoIds[1], positionSeconds: 3, clientTimestamp: at(30) });
  expect(stale.data!.recordProgress.positionSeconds).toBe(12);
  const progress = await server.graphql(COURSE_PROGRESS, { id: courseId }, { token: learner.accessToken });
  expect(progress.data!.course.viewerProgress).toMatchObject({ resumeVideo: { id: videoIds[1] }, resumePositionSeconds: 12, totalVideos: 2 });
});

it("completes the course once under concurrent final reports: one COMPLETED transition, one event", async () => {
  const { learner, courseId, videoIds } = await learnerIn([10, 10]);
  await Promise.all(videoIds.flatMap((videoId) => [1, 2, 3].map(() => record(server, learner.accessToken, { videoId, watchedRanges: [[0, 10]] }))));
  const progress = await server.graphql(COURSE_PROGRESS, { id: courseId }, { token: learner.accessToken });
  expect(progress.data!.course.viewerProgress).toMatchObject({ completedVideos: 2, totalVideos: 2, percent: 100, completed: true, watchedSeconds: 20 });
  const completions = await server.db.domainEvent.count({
    where: { name: "learning.courseCompleted", payload: { path: ["courseId"], equals: databaseId(courseId) } },
  });
  expect(completions).toBe(1);
});

// The session with its user, the video, its course, the enrollment, then the upsert (which locks
// the enrollment) and its domain event in one transaction; the outbox's delivery runs apart.
it("records a report that completes no video in at most 7 SQL statements", async () => {
  const { learner, videoIds } = await learnerIn([100, 100]);
  await record(server, learner.accessToken, { videoId: videoIds[0], watchedRanges: [[0, 10]] });
  const statements = await server.countQueries(() => record(server, learner.accessToken, { videoId: videoIds[0], watchedRanges: [[10, 20]] }));
  console.log(`recordProgress statements: ${statements}`);
  expect(statements).toBeLessThanOrEqual(7);
});
