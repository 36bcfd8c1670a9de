// No N+1 in learning's reads: a page of enrollments, of a course's students or of courses, each
// with the progress on it and on its videos, costs as many SQL statements for 10 items as for 2.
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { statementsFor } from "../../../test/support/statements.ts";
import { signUp, signUpCast, type Cast, type TestAccount } from "../identity/identity.fixtures.ts";
import { COURSE_PROGRESS_FIELDS, courseToLearn, enrollAs, record } from "./learning.fixtures.ts";

let server: TestServer;
let cast: Cast;
let learner: TestAccount;
/** The ten courses the learner is enrolled in, with progress on one of their two videos. */
const learnerCourseIds: string[] = [];
/** The course ten learners are enrolled in. */
let crowdedCourseId: string;

const ARCHIVE = /* GraphQL */ `mutation ($id: ID!) { archiveCourse(id: $id) { id } }`;

beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
  learner = await signUp(server);
  for (let index = 0; index < 10; index++) {
    const { courseId, videoIds } = await courseToLearn(server, cast.owner.accessToken, [30, 60], { title: `Learning page course ${index}` });
    learnerCourseIds.push(courseId);
    await enrollAs(server, learner.accessToken, courseId);
    await record(server, learner.accessToken, { videoId: videoIds[index % 2], positionSeconds: 12, watchedRanges: [[0, 12]] });
  }
  const crowded = await courseToLearn(server, cast.owner.accessToken, [30, 60]);
  crowdedCourseId = crowded.courseId;
  for (let index = 0; index < 10; index++) {
    const classmate = await signUp(server, { displayName: `Classmate ${index}` });
    await enrollAs(server, classmate.accessToken, crowdedCourseId);
    await record(server, classmate.accessToken, { videoId: crowded.videoIds[0], positionSeconds: index, watchedRanges: [[0, index + 1]] });
  }
});
afterAll(() => server.close());

const VIDEO_PROGRESS_FIELDS = /* GraphQL */ `viewerProgress { positionSeconds watchedSeconds percentWatched completed }`;

const MY_ENROLLMENTS = /* GraphQL */ `
  query ($first: Int) {
    myEnrollments(first: $first) {
      totalCount
      nodes {
        id status
        progress { ${COURSE_PROGRESS_FIELDS} }
        course { id title status viewerIsEnrolled enrollmentCount viewerProgress { percent } videos { id ${VIDEO_PROGRESS_FIELDS} } }
      }
    }
  }
`;

const COURSE_STUDENTS = /* GraphQL */ `
  query ($courseId: ID!, $first: Int) {
    courseStudents(courseId: $courseId, first: $first) {
      totalCount
      nodes { id status user { id profile { displayName } } progress { ${COURSE_PROGRESS_FIELDS} } }
    }
  }
`;

const COURSES = /* GraphQL */ `
  query ($first: Int, $instructorId: ID) {
    courses(first: $first, filter: { instructorId: $instructorId }) {
      nodes {
        id viewerIsEnrolled enrollmentCount viewerProgress { ${COURSE_PROGRESS_FIELDS} }
        videos { id ${VIDEO_PROGRESS_FIELDS} }
        sections { videos { id ${VIDEO_PROGRESS_FIELDS} } }
      }
    }
  }
`;

it("lists a page of a course's students with their progress in as many statements for 10 as for 2", async () => {
  const list = (data: any) => data.courseStudents.nodes;
  const two = await statementsFor(server, COURSE_STUDENTS, { courseId: crowdedCourseId, first: 2 }, cast.owner.accessToken, list);
  const ten = await statementsFor(server, COURSE_STUDENTS, { courseId: crowdedCourseId, first: 10 }, cast.owner.accessToken, list);
  expect(ten.items.map((student) => student.progress.watchedSeconds)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  expect(ten.statements).toBe(two.statements);
  console.log(`courseStudents statements: ${two.statements} for 2 learners, ${ten.statements} for 10`);
});

it("answers Course.viewerProgress and Video.viewerProgress over a page of courses in as many statements for 10 as for 2", async () => {
  const list = (data: any) => data.courses.nodes;
  const two = await statementsFor(server, COURSES, { first: 2, instructorId: cast.owner.id }, learner.accessToken, list);
  const ten = await statementsFor(server, COURSES, { first: 10, instructorId: cast.owner.id }, learner.accessToken, list);
  const enrolled = ten.items.filter((course) => course.viewerIsEnrolled);
  expect(enrolled.length).toBeGreaterThanOrEqual(9);
  for (const course of enrolled) {
    expect(course.viewerProgress).toMatchObject({ totalVideos: 2, watchedSeconds: 12 });
    expect(course.videos.filter((video: any) => video.viewerProgress !== null)).toHaveLength(1);
  }
  expect(ten.statements).toBe(two.statements);
  console.log(`courses with progress statements: ${two.statements} for 2 courses, ${ten.statements} for 10`);
});

// Last: it archives the learner's courses. A page mixing published and archived courses costs a few
// statements more (their courses are found visible along paths of different lengths, each batched),
// so each page here holds courses of one status.
it("lists a page of the learner's enrollments with progress, courses and videos in as many statements for 10 as for 2, archived too", async () => {
  const page = (first: number) => statementsFor(server, MY_ENROLLMENTS, { first }, learner.accessToken, (data) => data.myEnrollments.nodes);
  const two = await page(2);
  const ten = await page(10);
  for (const enrollment of ten.items) {
    expect(enrollment).toMatchObject({ status: "ACTIVE", progress: { totalVideos: 2, watchedSeconds: 12, resumePositionSeconds: 12 } });
    expect(enrollment.course).toMatchObject({ viewerIsEnrolled: true, enrollmentCount: 1 });
    expect(enrollment.course.videos.map((video: any) => video.viewerProgress?.watchedSeconds ?? 0).sort()).toEqual([0, 12]);
  }
  expect(ten.statements).toBe(two.statements);
  for (const courseId of learnerCourseIds) await server.graphql(ARCHIVE, { id: courseId }, { token: cast.owner.accessToken });
  const archivedTwo = await page(2);
  const archivedTen = await page(10);
  const archivedCourses = ten.items.map((enrollment) => ({ ...enrollment.course, status: "ARCHIVED" }));
  expect(archivedTen.items.map((enrollment) => enrollment.course)).toEqual(archivedCourses);
  // An archived course is found visible through learning's read right, a path of a few more steps:
  // its loads may reach a batch in one tick or two, so a page may cost one statement more either
  // way. One statement per item would cost 8 more for 10 than for 2.
  expect(Math.abs(archivedTen.statements - archivedTwo.statements)).toBeLessThanOrEqual(1);
  console.log(`myEnrollments statements: ${two.statements} for 2, ${ten.statements} for 10; archived: ${archivedTwo.statements}, ${archivedTen.statements}`);
});
