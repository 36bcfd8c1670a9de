// No N+1: a catalog page with owners, instructors, sections and videos costs a fixed number of
// SQL statements, whatever the page size.
import { startTestServer, type TestServer, UNTHROTTLED } from "../../../test/support/test-server.ts";
import { addCoInstructor } from "./catalog.fixtures.ts";
import { addReadyVideo, addSection, publishedCourse } from "../media/media.fixtures.ts";
import { type Cast, signUpCast } from "../identity/identity.fixtures.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
  for (let i = 0; i < 20; i++) {
    const course = await publishedCourse(server, cast.owner.accessToken, { title: `Catalog page course ${i}` });
    await addCoInstructor(server, cast.owner.accessToken, course.id, cast.coInstructor.id);
    for (let s = 0; s < 2; s++) {
      const section = await addSection(server, course.id, { title: `Section ${s}`, position: s });
      for (const position of [0, 1, 2]) {
        await addReadyVideo(server, course.id, { sectionId: section.id, title: `Video ${s}.${position}`, position, durationSeconds: 100 });
      }
    }
  }
});
afterAll(() => server.close());

const CATALOG_PAGE = /* GraphQL */ `
  query ($first: Int) {
    courses(first: $first) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id title slug isFree viewerCanEdit thumbnailUrl hasOwnCover
        owner { id profile { displayName } }
        instructors { id profile { displayName } }
        sections { id title position videos { id title durationSeconds } }
        videos { id title position section { id title } course { id } }
        videoCount
        totalDurationSeconds
      }
    }
  }
`;

async function statementsFor(first: number, token?: string) {
  let body: { data?: any; errors?: unknown } = {};
  const statements = await server.countQueries(async () => {
    body = await server.graphql(CATALOG_PAGE, { first }, { token });
  });
  expect(body.errors).toBeUndefined();
  expect(body.data.courses.nodes).toHaveLength(first);
  return { statements, nodes: body.data.courses.nodes };
}

it("loads a page of 5 and a page of 20 courses with the same small number of statements", async () => {
  const five = await statementsFor(5);
  const twenty = await statementsFor(20);
  expect(twenty.nodes[0]).toMatchObject({
    videoCount: 7,
    totalDurationSeconds: 660,
    owner: { id: cast.owner.id, profile: { displayName: "Owner" } },
    instructors: [{ id: cast.owner.id }, { id: cast.coInstructor.id }],
  });
  expect(twenty.nodes[0].videos).toHaveLength(7);
  expect(twenty.statements).toBe(five.statements);
  // The page's rows with their co-instructor ids, and its count; sections with videos; users with profiles.
  expect(twenty.statements).toBe(4);
  console.log(`catalog page statements: ${five.statements} for 5 courses, ${twenty.statements} for 20`);
});

it("costs the same for a signed-in viewer, for whom viewerCanEdit is answered", async () => {
  const five = await statementsFor(5, cast.coInstructor.accessToken);
  const twenty = await statementsFor(20, cast.coInstructor.accessToken);
  expect(twenty.nodes.every((course: { viewerCanEdit: boolean }) => course.viewerCanEdit)).toBe(true);
  expect(twenty.statements).toBe(five.statements);
});
