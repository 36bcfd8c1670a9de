// An archived (or unpublished) course takes no new learners, while those enrolled (ACTIVE or
// COMPLETED) keep it: catalog's read right that learning answers lets them see the course, list it
// and watch it.
import { databaseState } from "../../../test/support/database-state.ts";
import { expectError } from "../../../test/support/errors.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { signUp, signUpCast, type Cast, type TestAccount } from "../identity/identity.fixtures.ts";
import { courseToLearn, ENROLL, enrollAs, GRANT, record, REVOKE } from "./learning.fixtures.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
});
afterAll(() => server.close());

const ARCHIVE = /* GraphQL */ `mutation ($id: ID!) { archiveCourse(id: $id) { id status } }`;
const UNPUBLISH = /* GraphQL */ `mutation ($id: ID!) { unpublishCourse(id: $id) { id status } }`;
const COURSE = /* GraphQL */ `
  query ($id: ID!) { course(id: $id) { id status viewerIsEnrolled viewerProgress { totalVideos } videos { id playback { url } } } }
`;
const VIDEO = /* GraphQL */ `query ($id: ID!) { node(id: $id) { ... on Video { id playback { url } } } }`;
const MY_ENROLLMENTS = /* GraphQL */ `query { myEnrollments { nodes { id status course { id title status } progress { totalVideos } } } }`;

/** An archived course of the owner with one playable video, and a learner enrolled before it was archived. */
async function archivedCourseWithLearner() {
  const { courseId, videoIds } = await courseToLearn(server, cast.owner.accessToken, [30]);
  const learner = await signUp(server);
  const enrollmentId = await enrollAs(server, learner.accessToken, courseId);
  await record(server, learner.accessToken, { videoId: videoIds[0], positionSeconds: 10, watchedRanges: [[0, 10]] });
  const archived = await server.graphql(ARCHIVE, { id: courseId }, { token: cast.owner.accessToken });
  expect(archived.data!.archiveCourse.status).toBe("ARCHIVED");
  return { courseId, videoId: videoIds[0], learner, enrollmentId };
}

async function expectKeepsCourse(learner: TestAccount, courseId: string, videoId: string) {
  const course = await server.graphql(COURSE, { id: courseId }, { token: learner.accessToken });
  expect(course.errors).toBeUndefined();
  expect(course.data!.course).toMatchObject({ id: courseId, status: "ARCHIVED", viewerIsEnrolled: true, viewerProgress: { totalVideos: 1 } });
  expect(course.data!.course.videos[0].playback.url).toEqual(expect.any(String));
  const video = await server.graphql(VIDEO, { id: videoId }, { token: learner.accessToken });
  expect(video.data!.node.playback.url).toEqual(expect.any(String));
  const mine = await server.graphql(MY_ENROLLMENTS, {}, { token: learner.accessToken });
  expect(mine.errors).toBeUndefined();
  expect(mine.data!.myEnrollments.nodes).toEqual([expect.objectContaining({ course: expect.objectContaining({ id: courseId, status: "ARCHIVED" }) })]);
}

it("lets an enrolled learner keep listing, reading and watching an archived course, and recording progress in it", async () => {
  const { courseId, videoId, learner } = await archivedCourseWithLearner();
  await expectKeepsCourse(learner, courseId, videoId);
  const recorded = await record(server, learner.accessToken, { videoId, positionSeconds: 20, watchedRanges: [[10, 20]] });
  expect(recorded.data!.recordProgress).toMatchObject({ watchedSeconds: 20, positionSeconds: 20 });
});

it("keeps it for a learner who completed the course", async () => {
  const { courseId, videoIds } = await courseToLearn(server, cast.owner.accessToken, [30]);
  const learner = await signUp(server);
  await enrollAs(server, learner.accessToken, courseId);
  await record(server, learner.accessToken, { videoId: videoIds[0], watchedRanges: [[0, 30]] });
  await server.graphql(ARCHIVE, { id: courseId }, { token: cast.owner.accessToken });
  await expectKeepsCourse(learner, courseId, videoIds[0]);
});

it("hides it from a student who is not enrolled, and takes no new enrollments in it", async () => {
  const { courseId, videoId } = await archivedCourseWithLearner();
  const newcomer = await signUp(server);
  const before = await databaseState(server);
  for (const token of [cast.student.accessToken, newcomer.accessToken, undefined]) {
    expect((await server.graphql(COURSE, { id: courseId }, { token })).data!.course).toBeNull();
    expect((await server.graphql(VIDEO, { id: videoId }, { token })).data!.node).toBeNull();
  }
  // The course does not exist for a student; its team sees it, and is told it takes no new learners.
  expectError(await server.graphql(ENROLL, { courseId }, { token: cast.student.accessToken }), "NOT_FOUND");
  expectError(await server.graphql(ENROLL, { courseId }, { token: cast.admin.accessToken }), "CONFLICT", "ENROLLMENT_CLOSED");
  expectError(await server.graphql(GRANT, { courseId, userId: newcomer.id }, { token: cast.owner.accessToken }), "CONFLICT", "ENROLLMENT_CLOSED");
  expect(await databaseState(server)).toEqual(before);
});

it("still names the course in a revoked learner's enrollments, with no playback and no new enrollment", async () => {
  const { courseId, videoId, learner, enrollmentId } = await archivedCourseWithLearner();
  const revoked = await server.graphql(REVOKE, { enrollmentId }, { token: cast.admin.accessToken });
  expect(revoked.data!.revokeEnrollment.status).toBe("REVOKED");
  const mine = await server.graphql(MY_ENROLLMENTS, {}, { token: learner.accessToken });
  expect(mine.errors).toBeUndefined();
  expect(mine.data!.myEnrollments.nodes).toEqual([
    expect.objectContaining({ id: enrollmentId, status: "REVOKED", course: expect.objectContaining({ id: courseId }) }),
  ]);
  const course = await server.graphql(COURSE, { id: courseId }, { token: learner.accessToken });
  expect(course.data!.course).toMatchObject({ viewerIsEnrolled: false, viewerProgress: null, videos: [{ playback: null }] });
  expect((await server.graphql(VIDEO, { id: videoId }, { token: learner.accessToken })).data!.node.playback).toBeNull();
  const again = await server.graphql(ENROLL, { courseId }, { token: learner.accessToken });
  expect(again.data!.enroll).toMatchObject({ id: enrollmentId, status: "REVOKED" });
});

it("keeps a course unpublished after its learners enrolled in their enrollments, and away from everyone else", async () => {
  const { courseId, videoIds } = await courseToLearn(server, cast.owner.accessToken, [30]);
  const learner = await signUp(server);
  const enrollmentId = await enrollAs(server, learner.accessToken, courseId);
  const unpublished = await server.graphql(UNPUBLISH, { id: courseId }, { token: cast.owner.accessToken });
  expect(unpublished.data!.unpublishCourse.status).toBe("DRAFT");

  const mine = await server.graphql(MY_ENROLLMENTS, {}, { token: learner.accessToken });
  expect(mine.errors).toBeUndefined();
  expect(mine.data!.myEnrollments.nodes).toEqual([expect.objectContaining({ id: enrollmentId, course: expect.objectContaining({ id: courseId, status: "DRAFT" }) })]);
  const course = await server.graphql(COURSE, { id: courseId }, { token: learner.accessToken });
  expect(course.data!.course).toMatchObject({ status: "DRAFT", viewerIsEnrolled: true });
  expect(course.data!.course.videos[0].playback.url).toEqual(expect.any(String));

  const stranger = await signUp(server);
  expect((await server.graphql(COURSE, { id: courseId }, { token: stranger.accessToken })).data!.course).toBeNull();
  expect((await server.graphql(COURSE, { id: courseId })).data!.course).toBeNull();
  expect((await server.graphql(VIDEO, { id: videoIds[0] }, { token: stranger.accessToken })).data!.node).toBeNull();
});
