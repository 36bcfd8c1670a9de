// The catalog's raw reads answer exactly the rows Prisma would: same fields, same types.
import { startTestServer, type TestServer } from "../../../test/support/test-server.ts";
import { createContext } from "../../platform/context.ts";
import { addCoInstructor } from "./catalog.fixtures.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { publishedCourse } from "../media/media.fixtures.ts";
import { type Cast, signUpCast } from "../identity/identity.fixtures.ts";
import { coInstructorIdsByCourse, courseById } from "./course.loaders.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer();
  cast = await signUpCast(server);
});
afterAll(() => server.close());

const freshContext = () => createContext(server.app.platform, { requestId: "loader-test", viewer: null, ip: "127.0.0.1" });

it("courseById answers Prisma's row, dates as Dates and nulls as nulls, and null for an unknown id", async () => {
  const published = databaseId((await publishedCourse(server, cast.owner.accessToken, { tags: ["sql", "go"] })).id);
  const draft = await server.db.course.create({
    data: { slug: "loader-draft", title: "Draft", description: "d", priceCents: 900, ownerId: databaseId(cast.owner.id) },
  });
  const unknown = "0190a000-0000-7000-8000-000000000000";
  const rows = await freshContext().loader(courseById).loadMany([published, draft.id, unknown]);
  expect(rows).toStrictEqual([
    await server.db.course.findUnique({ where: { id: published } }),
    await server.db.course.findUnique({ where: { id: draft.id } }),
    null,
  ]);
  expect((rows[0] as { publishedAt: unknown }).publishedAt).toBeInstanceOf(Date);
  expect(rows[1]).toMatchObject({ subtitle: null, publishedAt: null, tags: [], status: "DRAFT" });
});

it("coInstructorIdsByCourse lists co-instructors in the order they were added, and none for a course without", async () => {
  const course = await publishedCourse(server, cast.owner.accessToken);
  const lonely = await publishedCourse(server, cast.owner.accessToken);
  await addCoInstructor(server, cast.owner.accessToken, course.id, cast.otherInstructor.id);
  await addCoInstructor(server, cast.owner.accessToken, course.id, cast.coInstructor.id);
  const ids = await freshContext().loader(coInstructorIdsByCourse).loadMany([databaseId(course.id), databaseId(lonely.id)]);
  expect(ids).toEqual([[databaseId(cast.otherInstructor.id), databaseId(cast.coInstructor.id)], []]);
});
