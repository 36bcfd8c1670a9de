// The course's policy as clients see it: viewerCanEdit and viewerCanManage per viewer, and the
// refusals (with their reasons) of the changes the same policy refuses.
import { expectError } from "../../../test/support/errors.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { startTestServer, type TestServer, UNTHROTTLED } from "../../../test/support/test-server.ts";
import { type Actor, type Cast, signUpCast, tokenOf } from "../identity/identity.fixtures.ts";
import { addCoInstructor, createCourse, UPDATE_COURSE } from "./catalog.fixtures.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
});
afterAll(() => server.close());

const RIGHTS = /* GraphQL */ `query ($id: ID!) { course(id: $id) { viewerCanEdit viewerCanManage } }`;
const DELETE = /* GraphQL */ `mutation ($id: ID!) { deleteCourse(id: $id) }`;
const REMOVE_INSTRUCTOR = /* GraphQL */ `
  mutation ($courseId: ID!, $userId: ID!) { removeCourseInstructor(courseId: $courseId, userId: $userId) { id } }
`;

it("tells each viewer of a draft what they may do with it: the team edits, the owner and admins manage", async () => {
  const course = await createCourse(server, cast.owner.accessToken);
  await addCoInstructor(server, cast.owner.accessToken, course.id, cast.coInstructor.id);
  const actors: Actor[] = ["owner", "coInstructor", "admin", "otherInstructor", "student", "anonymous", "ownerKey", "adminKey"];
  const rights = Object.fromEntries(
    await Promise.all(
      actors.map(async (actor) => {
        const result = await server.graphql(RIGHTS, { id: course.id }, { token: tokenOf(cast, actor) });
        expect(result.errors).toBeUndefined();
        return [actor, result.data!.course];
      }),
    ),
  );
  expect(rights).toEqual({
    owner: { viewerCanEdit: true, viewerCanManage: true },
    coInstructor: { viewerCanEdit: true, viewerCanManage: false },
    admin: { viewerCanEdit: true, viewerCanManage: true },
    // A draft is invisible to everyone else.
    otherInstructor: null,
    student: null,
    anonymous: null,
    ownerKey: { viewerCanEdit: true, viewerCanManage: true },
    adminKey: { viewerCanEdit: true, viewerCanManage: true },
  });
});

it("refuses a co-instructor what only the owner may do with NOT_COURSE_OWNER, writing nothing", async () => {
  const course = await createCourse(server, cast.owner.accessToken, { priceCents: 1500 });
  await addCoInstructor(server, cast.owner.accessToken, course.id, cast.coInstructor.id);
  const token = cast.coInstructor.accessToken;

  expectError(await server.graphql(DELETE, { id: course.id }, { token }), "FORBIDDEN", "NOT_COURSE_OWNER");
  expectError(await server.graphql(UPDATE_COURSE, { id: course.id, input: { priceCents: 900 } }, { token }), "FORBIDDEN", "NOT_COURSE_OWNER");
  expectError(
    await server.graphql(REMOVE_INSTRUCTOR, { courseId: course.id, userId: cast.coInstructor.id }, { token }),
    "FORBIDDEN",
    "NOT_COURSE_OWNER",
  );
  expect(await server.db.course.findUnique({ where: { id: databaseId(course.id) }, select: { priceCents: true } })).toEqual({ priceCents: 1500 });
  expect(await server.db.courseInstructor.count({ where: { courseId: databaseId(course.id) } })).toBe(1);

  // What co-instructors may do, they do: the content, the title.
  const renamed = await server.graphql(UPDATE_COURSE, { id: course.id, input: { title: "Renamed by the co" } }, { token });
  expect(renamed.data!.updateCourse).toMatchObject({ title: "Renamed by the co", viewerCanEdit: true });
});

it("refuses an instructor outside the team any change to a course they can see with NOT_COURSE_INSTRUCTOR", async () => {
  const course = await createCourse(server, cast.owner.accessToken, { title: "Not yours" });
  // Published in its own table (publishing asks media for a ready video), so the other instructor sees it.
  await server.db.course.update({ where: { id: databaseId(course.id) }, data: { status: "PUBLISHED", publishedAt: new Date() } });
  const result = await server.graphql(UPDATE_COURSE, { id: course.id, input: { title: "Taken over" } }, {
    token: cast.otherInstructor.accessToken,
  });
  expectError(result, "FORBIDDEN", "NOT_COURSE_INSTRUCTOR");
  expect(await server.db.course.findUnique({ where: { id: databaseId(course.id) }, select: { title: true } })).toEqual({ title: "Not yours" });
});
