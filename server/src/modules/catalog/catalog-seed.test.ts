// The load-test catalog is what the API serves (the demo data: test/demo-data.test.ts).
import { seedCatalog } from "../../../../prisma/seed-catalog.ts";
import { signUp } from "../identity/identity.fixtures.ts";
import { startTestServer, type TestServer } from "../../../test/support/test-server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const CATALOG = `query ($first: Int, $search: String) {
  courses(first: $first, filter: { search: $search }) { totalCount nodes { slug status videoCount totalDurationSeconds sections { videos { status } } } }
}`;

it("seeds a load-test catalog of published courses with READY videos in sections", async () => {
  const { email } = await signUp(server, { role: "INSTRUCTOR" });
  const owner = await server.db.user.findUniqueOrThrow({ where: { email } });
  await seedCatalog(server.db, { ownerId: owner.id, courses: 60, videosPerCourse: 20 });
  const result = await server.graphql(CATALOG, { first: 20, search: "typescript" });
  const { totalCount, nodes } = result.data!.courses;
  expect(totalCount).toBeGreaterThan(1);
  const seeded = nodes.filter((course: { slug: string }) => course.slug.startsWith("seed-"));
  expect(seeded.length).toBeGreaterThan(0);
  for (const course of seeded) {
    expect(course.videoCount).toBe(20);
    expect(course.sections).toHaveLength(4);
    expect(course.sections.flatMap((s: { videos: { status: string }[] }) => s.videos).every((v: { status: string }) => v.status === "READY")).toBe(true);
  }
  expect(await server.db.course.count({ where: { slug: { startsWith: "seed-" } } })).toBe(60);
});
