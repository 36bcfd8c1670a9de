// Enrolling, granting, revoking and listing enrollments through the public API, as the issue says:
// free published courses only, once per learner and course, access for ACTIVE and COMPLETED.
import { databaseState } from "../../../test/support/database-state.ts";
import { expectError } from "../../../test/support/errors.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { addCoInstructor, createCourse } from "../catalog/catalog.fixtures.ts";
import { signUp, signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import { courseToLearn, ENROLL, enrollAs, GRANT, REVOKE } from "./learning.fixtures.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
});
afterAll(() => server.close());

const COURSE_FACTS = /* GraphQL */ `
  query ($id: ID!) { course(id: $id) { enrollmentCount viewerIsEnrolled viewerProgress { totalVideos } videos { playback { url } } } }
`;
const ARCHIVE = /* GraphQL */ `mutation ($id: ID!) { archiveCourse(id: $id) { id } }`;
const MY_ENROLLMENTS = /* GraphQL */ `
  query ($status: EnrollmentStatus, $first: Int, $after: String) {
    myEnrollments(status: $status, first: $first, after: $after) {
      totalCount nodes { id status course { id } user { id } } pageInfo { hasNextPage endCursor }
    }
  }
`;
const STUDENTS = /* GraphQL */ `
  query ($courseId: ID!) { courseStudents(courseId: $courseId) { totalCount nodes { user { id } progress { totalVideos percent } } } }
`;

const ownedCourse = (durations = [30]) => courseToLearn(server, cast.owner.accessToken, durations);

it("enrolls a learner in a free published course once: enrolling again answers the same enrollment, and they may watch", async () => {
  const { courseId } = await ownedCourse();
  const learner = await signUp(server);
  const before = await server.graphql(COURSE_FACTS, { id: courseId }, { token: learner.accessToken });
  expect(before.data!.course).toMatchObject({ enrollmentCount: 0, viewerIsEnrolled: false, viewerProgress: null, videos: [{ playback: null }] });
  const first = await server.graphql(ENROLL, { courseId }, { token: learner.accessToken });
  expect(first.data!.enroll).toMatchObject({ status: "ACTIVE", source: "FREE", completedAt: null });
  const again = await server.graphql(ENROLL, { courseId }, { token: learner.accessToken });
  expect(again.data!.enroll).toEqual(first.data!.enroll);
  expect(await server.db.enrollment.count({ where: { courseId: databaseId(courseId) } })).toBe(1);
  const after = await server.graphql(COURSE_FACTS, { id: courseId }, { token: learner.accessToken });
  expect(after.data!.course).toMatchObject({ enrollmentCount: 1, viewerIsEnrolled: true, viewerProgress: { totalVideos: 1 } });
  expect(after.data!.course.videos[0].playback.url).toEqual(expect.any(String));
});

it("answers enroll with the course as the new learner now sees it", async () => {
  const { courseId } = await ownedCourse();
  const learner = await signUp(server);
  const ENROLL_AND_SEE = /* GraphQL */ `
    mutation ($courseId: ID!) { enroll(courseId: $courseId) { course { viewerIsEnrolled viewerProgress { totalVideos } videos { playback { url } } } } }
  `;
  const enrolled = await server.graphql(ENROLL_AND_SEE, { courseId }, { token: learner.accessToken });
  expect(enrolled.errors).toBeUndefined();
  expect(enrolled.data!.enroll.course).toMatchObject({ viewerIsEnrolled: true, viewerProgress: { totalVideos: 1 } });
  expect(enrolled.data!.enroll.course.videos[0].playback.url).toEqual(expect.any(String));
});

it("makes one row of many concurrent enrolls, each answering it", async () => {
  const { courseId } = await ownedCourse();
  const learner = await signUp(server);
  const answers = await Promise.all(Array.from({ length: 8 }, () => server.graphql(ENROLL, { courseId }, { token: learner.accessToken })));
  expect(new Set(answers.map((answer) => answer.data?.enroll?.id)).size).toBe(1);
  expect(await server.db.enrollment.count({ where: { courseId: databaseId(courseId) } })).toBe(1);
  expect(await server.db.domainEvent.count({ where: { name: "learning.enrolled", payload: { path: ["courseId"], equals: databaseId(courseId) } } })).toBe(1);
});

it("answers PAYMENT_REQUIRED for a paid course, NOT_FOUND for one the learner cannot see, and writes nothing", async () => {
  const paid = await courseToLearn(server, cast.owner.accessToken, [30], { priceCents: 1900 });
  const draft = await createCourse(server, cast.owner.accessToken);
  const before = await databaseState(server);
  expectError(await server.graphql(ENROLL, { courseId: paid.courseId }, { token: cast.student.accessToken }), "PAYMENT_REQUIRED", "COURSE_NOT_FREE");
  expectError(await server.graphql(ENROLL, { courseId: draft.id }, { token: cast.student.accessToken }), "NOT_FOUND");
  expectError(await server.graphql(ENROLL, { courseId: draft.id }, { token: cast.owner.accessToken }), "CONFLICT", "ENROLLMENT_CLOSED");
  expect(await databaseState(server)).toEqual(before);
});

it("takes no new enrollments in an archived course, while its learners keep theirs", async () => {
  const { courseId } = await ownedCourse();
  const learner = await signUp(server);
  const enrollmentId = await enrollAs(server, learner.accessToken, courseId);
  await server.graphql(ARCHIVE, { id: courseId }, { token: cast.owner.accessToken });
  const newcomer = await signUp(server);
  const granted = await server.graphql(GRANT, { courseId, userId: newcomer.id }, { token: cast.owner.accessToken });
  expectError(granted, "CONFLICT", "ENROLLMENT_CLOSED");
  const again = await server.graphql(ENROLL, { courseId }, { token: cast.owner.accessToken });
  expectError(again, "CONFLICT", "ENROLLMENT_CLOSED");
  expect(await server.db.enrollment.findUnique({ where: { id: databaseId(enrollmentId) } })).toMatchObject({ status: "ACTIVE" });
});

it("lets the owner and admins grant an enrollment, not a co-instructor; a grant renews a revoked one", async () => {
  const { courseId } = await ownedCourse();
  await addCoInstructor(server, cast.owner.accessToken, courseId, cast.coInstructor.id);
  const learner = await signUp(server);
  expectError(await server.graphql(GRANT, { courseId, userId: learner.id }, { token: cast.coInstructor.accessToken }), "FORBIDDEN");
  const granted = await server.graphql(GRANT, { courseId, userId: learner.id }, { token: cast.owner.accessToken });
  expect(granted.data!.grantEnrollment).toMatchObject({ status: "ACTIVE", source: "GRANT" });
  const revoked = await server.graphql(REVOKE, { enrollmentId: granted.data!.grantEnrollment.id }, { token: cast.admin.accessToken });
  expect(revoked.data!.revokeEnrollment).toMatchObject({ status: "REVOKED" });
  const renewed = await server.graphql(GRANT, { courseId, userId: learner.id }, { token: cast.admin.accessToken });
  expect(renewed.data!.grantEnrollment).toMatchObject({ id: granted.data!.grantEnrollment.id, status: "ACTIVE", source: "GRANT" });
});

it("takes access away at once on revocation or refund; enrolling again does not bring it back", async () => {
  for (const ending of ["REVOKED", "REFUNDED"] as const) {
    const { courseId } = await ownedCourse();
    const learner = await signUp(server);
    const enrollmentId = await enrollAs(server, learner.accessToken, courseId);
    if (ending === "REVOKED") await server.graphql(REVOKE, { enrollmentId }, { token: cast.admin.accessToken });
    else await server.db.enrollment.update({ where: { id: databaseId(enrollmentId) }, data: { status: "REFUNDED" } });
    const facts = await server.graphql(COURSE_FACTS, { id: courseId }, { token: learner.accessToken });
    expect(facts.data!.course).toMatchObject({ enrollmentCount: 0, viewerIsEnrolled: false, viewerProgress: null, videos: [{ playback: null }] });
    const again = await server.graphql(ENROLL, { courseId }, { token: learner.accessToken });
    expect(again.data!.enroll).toMatchObject({ id: enrollmentId, status: ending });
  }
});

it("lists the learner's own enrollments by status, a page at a time with signed cursors", async () => {
  const learner = await signUp(server);
  const ids: string[] = [];
  for (let index = 0; index < 3; index++) ids.push(await enrollAs(server, learner.accessToken, (await ownedCourse()).courseId));
  await server.graphql(REVOKE, { enrollmentId: ids[0] }, { token: cast.admin.accessToken });
  const page = await server.graphql(MY_ENROLLMENTS, { first: 1 }, { token: learner.accessToken });
  expect(page.data!.myEnrollments).toMatchObject({ totalCount: 3, nodes: [{ id: ids[2], user: { id: learner.id } }], pageInfo: { hasNextPage: true } });
  const next = await server.graphql(MY_ENROLLMENTS, { first: 5, after: page.data!.myEnrollments.pageInfo.endCursor }, { token: learner.accessToken });
  expect(next.data!.myEnrollments.nodes.map((node: { id: string }) => node.id)).toEqual([ids[1], ids[0]]);
  const active = await server.graphql(MY_ENROLLMENTS, { status: "ACTIVE" }, { token: learner.accessToken });
  expect(active.data!.myEnrollments.totalCount).toBe(2);
  const forged = await server.graphql(MY_ENROLLMENTS, { after: "forged.cursor" }, { token: learner.accessToken });
  expectError(forged, "BAD_USER_INPUT");
});

it("shows a course's learners with their progress to its instructors and admins only", async () => {
  const { courseId } = await ownedCourse([10, 20]);
  await addCoInstructor(server, cast.owner.accessToken, courseId, cast.coInstructor.id);
  const learner = await signUp(server);
  await enrollAs(server, learner.accessToken, courseId);
  for (const person of [cast.owner, cast.coInstructor, cast.admin]) {
    const students = await server.graphql(STUDENTS, { courseId }, { token: person.accessToken });
    expect(students.data!.courseStudents).toEqual({ totalCount: 1, nodes: [{ user: { id: learner.id }, progress: { totalVideos: 2, percent: 0 } }] });
  }
  for (const person of [cast.otherInstructor, learner]) expectError(await server.graphql(STUDENTS, { courseId }, { token: person.accessToken }), "FORBIDDEN");
});
