// The video's policy as clients see it: viewerCanEdit and viewerCanWatch per viewer, without a
// statement more for a longer page, and the refusals (with their reasons) of the changes it refuses.
import { expectError } from "../../../test/support/errors.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { startTestServer, type TestServer, UNTHROTTLED } from "../../../test/support/test-server.ts";
import { toGlobalId } from "../../platform/ids.ts";
import { addCoInstructor } from "../catalog/catalog.fixtures.ts";
import { type Actor, type Cast, signUpCast, tokenOf } from "../identity/identity.fixtures.ts";
import { addReadyVideo, addSection, publishedCourse } from "./media.fixtures.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
});
afterAll(() => server.close());

const RIGHTS = /* GraphQL */ `query ($id: ID!) { video(id: $id) { viewerCanEdit viewerCanWatch } }`;

async function rightsOf(videoId: string, actors: Actor[]) {
  return Object.fromEntries(
    await Promise.all(
      actors.map(async (actor) => {
        const result = await server.graphql(RIGHTS, { id: videoId }, { token: tokenOf(cast, actor) });
        expect(result.errors).toBeUndefined();
        return [actor, result.data!.video];
      }),
    ),
  );
}

it("tells each viewer of a published course's videos whether they may edit and watch them", async () => {
  const course = await publishedCourse(server, cast.owner.accessToken);
  await addCoInstructor(server, cast.owner.accessToken, course.id, cast.coInstructor.id);
  const lesson = toGlobalId("Video", (await addReadyVideo(server, course.id)).id);
  const preview = toGlobalId("Video", (await addReadyVideo(server, course.id, { isPreview: true })).id);
  const actors: Actor[] = ["owner", "coInstructor", "admin", "otherInstructor", "student", "anonymous", "readOnlyKey"];

  const team = { viewerCanEdit: true, viewerCanWatch: true };
  const outsider = { viewerCanEdit: false, viewerCanWatch: false };
  expect(await rightsOf(lesson, actors)).toEqual({
    owner: team,
    coInstructor: team,
    admin: team,
    otherInstructor: outsider,
    student: outsider,
    anonymous: outsider,
    readOnlyKey: team,
  });
  const previewer = { viewerCanEdit: false, viewerCanWatch: true };
  expect(await rightsOf(preview, actors)).toEqual({
    owner: team,
    coInstructor: team,
    admin: team,
    otherInstructor: previewer,
    student: previewer,
    anonymous: previewer,
    readOnlyKey: team,
  });
});

it("answers the viewer's rights on a page of courses and their videos with as many statements for 6 courses as for 2", async () => {
  const PAGE = /* GraphQL */ `
    query ($first: Int, $instructorId: ID) {
      courses(first: $first, filter: { instructorId: $instructorId }) {
        nodes { id viewerCanEdit viewerCanManage videos { id viewerCanEdit viewerCanWatch } sections { videos { id viewerCanEdit viewerCanWatch } } }
      }
    }
  `;
  const instructor = cast.otherInstructor;
  for (let i = 0; i < 6; i++) {
    const course = await publishedCourse(server, instructor.accessToken, { title: `Rights page course ${i}` });
    await addCoInstructor(server, instructor.accessToken, course.id, cast.coInstructor.id);
    const section = await addSection(server, course.id);
    await addReadyVideo(server, course.id, { sectionId: section.id, isPreview: i % 2 === 0 });
  }
  const statementsFor = async (first: number) => {
    let nodes: { viewerCanEdit: boolean; viewerCanManage: boolean; videos: { viewerCanEdit: boolean; viewerCanWatch: boolean }[] }[] = [];
    const statements = await server.countQueries(async () => {
      const result = await server.graphql(PAGE, { first, instructorId: instructor.id }, { token: cast.coInstructor.accessToken });
      expect(result.errors).toBeUndefined();
      nodes = result.data!.courses.nodes;
    });
    expect(nodes).toHaveLength(first);
    for (const course of nodes) {
      expect(course).toMatchObject({ viewerCanEdit: true, viewerCanManage: false });
      for (const video of course.videos) expect(video).toEqual({ id: expect.any(String), viewerCanEdit: true, viewerCanWatch: true });
    }
    return statements;
  };
  expect(await statementsFor(6)).toBe(await statementsFor(2));
});

it("refuses a change to a section or a video of a course the viewer can see but does not teach with NOT_COURSE_INSTRUCTOR, writing nothing", async () => {
  const course = await publishedCourse(server, cast.owner.accessToken);
  const section = await addSection(server, course.id, { title: "Kept" });
  const video = await addReadyVideo(server, course.id, { title: "Kept too" });
  const token = cast.otherInstructor.accessToken;

  const renameSection = await server.graphql(
    `mutation ($id: ID!) { updateSection(id: $id, input: { title: "Taken" }) { id } }`,
    { id: toGlobalId("Section", section.id) },
    { token },
  );
  expectError(renameSection, "FORBIDDEN", "NOT_COURSE_INSTRUCTOR");
  const renameVideo = await server.graphql(
    `mutation ($id: ID!) { updateVideo(id: $id, input: { title: "Taken" }) { id } }`,
    { id: toGlobalId("Video", video.id) },
    { token },
  );
  expectError(renameVideo, "FORBIDDEN", "NOT_COURSE_INSTRUCTOR");
  const addVideo = await server.graphql(`mutation ($input: CreateVideoInput!) { createVideo(input: $input) { id } }`, {
    input: { courseId: course.id, title: "Smuggled" },
  }, { token });
  expectError(addVideo, "FORBIDDEN", "NOT_COURSE_INSTRUCTOR");

  expect(await server.db.section.findUnique({ where: { id: section.id }, select: { title: true } })).toEqual({ title: "Kept" });
  expect(await server.db.video.findMany({ where: { courseId: databaseId(course.id) }, select: { title: true }, orderBy: { position: "asc" } })).toEqual([
    { title: "Ready video 1" },
    { title: "Kept too" },
  ]);
});
