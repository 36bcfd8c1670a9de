// Concurrent mutations on the same rows: each answers what happened to it (done, NOT_FOUND,
// CONFLICT, ...), never INTERNAL_SERVER_ERROR, and the database stays consistent. Each race runs
// several rounds; which side wins a round is the scheduler's choice, so only the outcomes every
// order allows are asserted.
import { ADD_INSTRUCTOR, createCourse, UPDATE_COURSE } from "../src/modules/catalog/catalog.fixtures.ts";
import { databaseId } from "./support/ids.ts";
import { signUp, type TestAccount } from "../src/modules/identity/identity.fixtures.ts";
import { courseToLearn, ENROLL, enrollAs, RECORD, REVOKE } from "../src/modules/learning/learning.fixtures.ts";
import { startTestServer, UNTHROTTLED, type GraphQLResponse, type TestServer } from "./support/test-server.ts";

const ROUNDS = 10;

let server: TestServer;
let owner: TestAccount;
let coInstructor: TestAccount;
let admin: TestAccount;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  [owner, coInstructor, admin] = await Promise.all([
    signUp(server, { role: "INSTRUCTOR" }),
    signUp(server, { role: "INSTRUCTOR" }),
    signUp(server, { role: "ADMIN" }),
  ]);
});
afterAll(() => server.close());

const DELETE_COURSE = `mutation($id: ID!) { deleteCourse(id: $id) }`;
const ARCHIVE_COURSE = `mutation($id: ID!) { archiveCourse(id: $id) { id status } }`;
const CREATE_SECTION = `mutation($courseId: ID!, $input: SectionInput!) { createSection(courseId: $courseId, input: $input) { id } }`;
const DELETE_SECTION = `mutation($id: ID!) { deleteSection(id: $id) }`;
const REORDER_SECTIONS = `mutation($courseId: ID!, $sectionIds: [ID!]!) { reorderSections(courseId: $courseId, sectionIds: $sectionIds) { id } }`;
const CREATE_VIDEO = `mutation($input: CreateVideoInput!) { createVideo(input: $input) { id } }`;
const REORDER_VIDEOS = `mutation($courseId: ID!, $videoIds: [ID!]!) { reorderVideos(courseId: $courseId, videoIds: $videoIds) { id } }`;

/** "ok", or the code of the answer's error. */
function outcomeOf(answer: GraphQLResponse): string {
  if (!answer.errors) return "ok";
  expect(JSON.stringify(answer.errors)).not.toMatch(/prisma|invocation|violates|constraint|SQL/i);
  return answer.errors[0].extensions.code;
}

type Operation = [query: string, variables: Record<string, unknown>];

/** Runs the operations at once, each as the person whose token it has, and answers their outcomes in order. */
async function raceAs(...operations: [token: string, ...Operation][]): Promise<string[]> {
  const answers = await Promise.all(operations.map(([token, query, variables]) => server.graphql(query, variables, { token })));
  return answers.map(outcomeOf);
}

/** Runs the operations at once, as the owner, and answers their outcomes in order. */
const race = (...operations: Operation[]) => raceAs(...operations.map((operation): [string, ...Operation] => [owner.accessToken, ...operation]));

const courseExists = async (courseId: string) => (await server.db.course.count({ where: { id: databaseId(courseId) } })) === 1;

async function newCourse(): Promise<string> {
  return (await createCourse(server, owner.accessToken, { title: "Raced course" })).id;
}

async function newSection(courseId: string, title: string): Promise<string> {
  const result = await server.graphql(CREATE_SECTION, { courseId, input: { title } }, { token: owner.accessToken });
  return result.data!.createSection.id;
}

it("two deleteCourse of one course: one deletes it, the other answers NOT_FOUND", async () => {
  const outcomes: string[][] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const id = await newCourse();
    outcomes.push((await race([DELETE_COURSE, { id }], [DELETE_COURSE, { id }])).sort());
    expect(await courseExists(id)).toBe(false);
  }
  expect(outcomes).toEqual(Array(ROUNDS).fill(["NOT_FOUND", "ok"]));
});

it.each([
  ["createSection", (courseId: string) => [CREATE_SECTION, { courseId, input: { title: "Late section" } }] as [string, Record<string, unknown>]],
  ["createVideo", (courseId: string) => [CREATE_VIDEO, { input: { courseId, title: "Late video" } }] as [string, Record<string, unknown>]],
  ["archiveCourse", (id: string) => [ARCHIVE_COURSE, { id }] as [string, Record<string, unknown>]],
  ["updateCourse", (id: string) => [UPDATE_COURSE, { id, input: { title: "Renamed meanwhile" } }] as [string, Record<string, unknown>]],
  ["addCourseInstructor", (courseId: string) => [ADD_INSTRUCTOR, { courseId, userId: coInstructor.id }] as [string, Record<string, unknown>]],
])("%s racing deleteCourse: done before the deletion or NOT_FOUND after it; the course and all of it are gone", async (_name, operation) => {
  for (let round = 0; round < ROUNDS; round++) {
    const id = await newCourse();
    const [raced, deleted] = await race(operation(id), [DELETE_COURSE, { id }]);
    expect(deleted).toBe("ok");
    expect(["ok", "NOT_FOUND"]).toContain(raced);
    const courseId = databaseId(id);
    expect(await courseExists(id)).toBe(false);
    expect(await server.db.section.count({ where: { courseId } })).toBe(0);
    expect(await server.db.video.count({ where: { courseId } })).toBe(0);
    expect(await server.db.courseInstructor.count({ where: { courseId } })).toBe(0);
  }
});

it("four addCourseInstructor of the same user at once all succeed, and the user is added once", async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const courseId = await newCourse();
    const add: [string, Record<string, unknown>] = [ADD_INSTRUCTOR, { courseId, userId: coInstructor.id }];
    expect(await race(add, add, add, add)).toEqual(["ok", "ok", "ok", "ok"]);
    expect(await server.db.courseInstructor.count({ where: { courseId: databaseId(courseId) } })).toBe(1);
  }
});

it("reorderSections racing deleteSection: applied or refused as stale, and positions stay dense", async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const courseId = await newCourse();
    const sections = [await newSection(courseId, "A"), await newSection(courseId, "B"), await newSection(courseId, "C")];
    const [reordered, deleted] = await race([REORDER_SECTIONS, { courseId, sectionIds: [...sections].reverse() }], [DELETE_SECTION, { id: sections[1] }]);
    expect(deleted).toBe("ok");
    expect(["ok", "BAD_USER_INPUT"]).toContain(reordered);
    const positions = await server.db.section.findMany({ where: { courseId: databaseId(courseId) }, select: { position: true }, orderBy: { position: "asc" } });
    expect(positions.map((section) => section.position)).toEqual([0, 1]);
  }
});

it("reorderVideos racing deleteCourse: applied before the deletion or NOT_FOUND after it", async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const courseId = await newCourse();
    const videoIds: string[] = [];
    for (const title of ["One", "Two"]) {
      const created = await server.graphql(CREATE_VIDEO, { input: { courseId, title } }, { token: owner.accessToken });
      videoIds.push(created.data!.createVideo.id);
    }
    const [reordered, deleted] = await race([REORDER_VIDEOS, { courseId, videoIds: [...videoIds].reverse() }], [DELETE_COURSE, { id: courseId }]);
    expect(deleted).toBe("ok");
    expect(["ok", "NOT_FOUND"]).toContain(reordered);
    expect(await server.db.video.count({ where: { courseId: databaseId(courseId) } })).toBe(0);
  }
});

/** A published free course of the owner with READY videos of these durations, and a new student. */
async function courseAndStudent(durations = [10]) {
  const [course, student] = await Promise.all([courseToLearn(server, owner.accessToken, durations), signUp(server)]);
  return { ...course, student };
}

const enrollmentsOf = (courseId: string) => server.db.enrollment.findMany({ where: { courseId: databaseId(courseId) } });
const eventCount = (name: string, courseId: string) =>
  server.db.domainEvent.count({ where: { name, payload: { path: ["courseId"], equals: databaseId(courseId) } } });

it("four enroll of one student at once all answer the same enrollment: one row, one learning.enrolled event", async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const { courseId, student } = await courseAndStudent();
    const enroll: [string, ...Operation] = [student.accessToken, ENROLL, { courseId }];
    expect(await raceAs(enroll, enroll, enroll, enroll)).toEqual(["ok", "ok", "ok", "ok"]);
    expect(await enrollmentsOf(courseId)).toHaveLength(1);
    expect(await eventCount("learning.enrolled", courseId)).toBe(1);
  }
});

it("enroll racing archiveCourse: enrolled (and kept, ACTIVE) or NOT_FOUND once the course is archived, with nothing written", async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const { courseId, student } = await courseAndStudent();
    const [enrolled, archived] = await raceAs([student.accessToken, ENROLL, { courseId }], [owner.accessToken, ARCHIVE_COURSE, { id: courseId }]);
    expect(archived).toBe("ok");
    expect(["ok", "NOT_FOUND"]).toContain(enrolled);
    const rows = await enrollmentsOf(courseId);
    expect(rows.map((row) => row.status)).toEqual(enrolled === "ok" ? ["ACTIVE"] : []);
  }
});

it("enroll racing deleteCourse: enrolled and the deletion vetoed (CONFLICT), or the course deleted and NOT_FOUND", async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const { courseId, student } = await courseAndStudent();
    const outcome = await raceAs([student.accessToken, ENROLL, { courseId }], [owner.accessToken, DELETE_COURSE, { id: courseId }]);
    expect([["ok", "CONFLICT"], ["NOT_FOUND", "ok"]]).toContainEqual(outcome);
    expect(await courseExists(courseId)).toBe(outcome[0] === "ok");
    expect(await enrollmentsOf(courseId)).toHaveLength(outcome[0] === "ok" ? 1 : 0);
  }
});

it("final recordProgress reports of every video at once, from several devices: the course is completed once", async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const { courseId, videoIds, student } = await courseAndStudent([10, 10]);
    await enrollAs(server, student.accessToken, courseId);
    const final = (videoId: string): [string, ...Operation] => [
      student.accessToken,
      RECORD,
      { input: { videoId, positionSeconds: 10, watchedRanges: [{ startSeconds: 0, endSeconds: 10 }] } },
    ];
    expect(await raceAs(...videoIds.flatMap((videoId) => [final(videoId), final(videoId)]))).toEqual(["ok", "ok", "ok", "ok"]);
    const [enrollment] = await enrollmentsOf(courseId);
    expect(enrollment).toMatchObject({ status: "COMPLETED", completedAt: expect.any(Date) });
    expect(await eventCount("learning.courseCompleted", courseId)).toBe(1);
    // One per report, and one for the completion, which live watchers hear after it.
    expect(await eventCount("learning.progressRecorded", courseId)).toBe(5);
  }
});

it("recordProgress racing revokeEnrollment: recorded before the revocation, or FORBIDDEN after it with nothing written", async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const { courseId, videoIds, student } = await courseAndStudent([100]);
    const enrollmentId = await enrollAs(server, student.accessToken, courseId);
    const report = { input: { videoId: videoIds[0], positionSeconds: 5, watchedRanges: [{ startSeconds: 0, endSeconds: 5 }] } };
    const [recorded, revoked] = await raceAs([student.accessToken, RECORD, report], [admin.accessToken, REVOKE, { enrollmentId }]);
    expect(revoked).toBe("ok");
    expect(["ok", "FORBIDDEN"]).toContain(recorded);
    const progressRows = await server.db.videoProgress.count({ where: { enrollmentId: databaseId(enrollmentId) } });
    expect(progressRows).toBe(recorded === "ok" ? 1 : 0);
    expect((await enrollmentsOf(courseId))[0].status).toBe("REVOKED");
  }
});
