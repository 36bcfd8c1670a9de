// The publishing workflow and deletion through the public API.
import { expectError } from "../../../test/support/errors.ts";
import { startTestServer, type TestServer, UNTHROTTLED } from "../../../test/support/test-server.ts";
import { addCoInstructor, COURSE, createCourse, PUBLISH } from "./catalog.fixtures.ts";
import { addReadyVideo, publishedCourse } from "../media/media.fixtures.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { enroll, enrollUncommitted } from "../learning/learning.fixtures.ts";
import { type Cast, signUpCast } from "../identity/identity.fixtures.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
});
afterAll(() => server.close());

const UNPUBLISH = `mutation ($id: ID!) { unpublishCourse(id: $id) { id status publishedAt } }`;
const ARCHIVE = `mutation ($id: ID!) { archiveCourse(id: $id) { id status } }`;
const DELETE = `mutation ($id: ID!) { deleteCourse(id: $id) }`;
const CATALOG_IDS = `query { courses(first: 100) { nodes { id } } }`;

async function catalogIds(): Promise<string[]> {
  const result = await server.graphql(CATALOG_IDS);
  return result.data!.courses.nodes.map((course: { id: string }) => course.id);
}

describe("publishing", () => {
  it("needs at least one READY video", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    await server.graphql(`mutation ($id: ID!) { createVideo(input: { courseId: $id, title: "Only a draft" }) { id } }`, { id: course.id }, {
      token: cast.owner.accessToken,
    });
    const refused = await server.graphql(PUBLISH, { id: course.id }, { token: cast.owner.accessToken });
    expectError(refused, "CONFLICT", "NO_READY_VIDEO");

    await addReadyVideo(server, course.id);
    const published = await server.graphql(PUBLISH, { id: course.id }, { token: cast.owner.accessToken });
    expect(published.data!.publishCourse.status).toBe("PUBLISHED");
    expect(Date.now() - new Date(published.data!.publishCourse.publishedAt).getTime()).toBeLessThan(60_000);
    expect(await catalogIds()).toContain(course.id);
  });

  it("goes DRAFT -> PUBLISHED -> DRAFT (out of the catalog) and refuses to publish twice", async () => {
    const course = await publishedCourse(server, cast.owner.accessToken);
    const twice = await server.graphql(PUBLISH, { id: course.id }, { token: cast.owner.accessToken });
    expectError(twice, "CONFLICT", "COURSE_STATUS_FORBIDS");
    const unpublished = await server.graphql(UNPUBLISH, { id: course.id }, { token: cast.owner.accessToken });
    expect(unpublished.data!.unpublishCourse).toMatchObject({ status: "DRAFT", publishedAt: null });
    expect(await catalogIds()).not.toContain(course.id);
    const anonymous = await server.graphql(COURSE, { id: course.id });
    expect(anonymous.data).toEqual({ course: null });
  });

  it("archives a published course: out of the catalog, still seen by its instructors, restorable to DRAFT", async () => {
    const course = await publishedCourse(server, cast.owner.accessToken);
    const archived = await server.graphql(ARCHIVE, { id: course.id }, { token: cast.owner.accessToken });
    expect(archived.data!.archiveCourse.status).toBe("ARCHIVED");
    expect(await catalogIds()).not.toContain(course.id);
    expect((await server.graphql(COURSE, { id: course.id })).data).toEqual({ course: null });
    expect((await server.graphql(COURSE, { id: course.id }, { token: cast.owner.accessToken })).data!.course.status).toBe("ARCHIVED");
    const republish = await server.graphql(PUBLISH, { id: course.id }, { token: cast.owner.accessToken });
    expectError(republish, "CONFLICT", "COURSE_STATUS_FORBIDS");
    const restored = await server.graphql(UNPUBLISH, { id: course.id }, { token: cast.owner.accessToken });
    expect(restored.data!.unpublishCourse.status).toBe("DRAFT");
  });

  it("may be done by a co-instructor, not by another instructor or a student", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    await addReadyVideo(server, course.id);
    await addCoInstructor(server, cast.owner.accessToken, course.id, cast.coInstructor.id);
    expect((await server.graphql(PUBLISH, { id: course.id }, { token: cast.otherInstructor.accessToken })).errors?.[0].extensions.code).toBe("NOT_FOUND");
    expect((await server.graphql(PUBLISH, { id: course.id }, { token: cast.student.accessToken })).errors?.[0].extensions.code).toBe("FORBIDDEN");
    expect((await server.graphql(PUBLISH, { id: course.id })).errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
    const byCo = await server.graphql(PUBLISH, { id: course.id }, { token: cast.coInstructor.accessToken });
    expect(byCo.data!.publishCourse.status).toBe("PUBLISHED");
  });
});

describe("deleteCourse", () => {
  it("is for the owner and admins only, and removes the course with its structure", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    await addCoInstructor(server, cast.owner.accessToken, course.id, cast.coInstructor.id);
    await addReadyVideo(server, course.id);
    const byCo = await server.graphql(DELETE, { id: course.id }, { token: cast.coInstructor.accessToken });
    expect(byCo.errors?.[0].extensions.code).toBe("FORBIDDEN");
    const byOwner = await server.graphql(DELETE, { id: course.id }, { token: cast.owner.accessToken });
    expect(byOwner.data).toEqual({ deleteCourse: true });
    expect((await server.graphql(COURSE, { id: course.id }, { token: cast.owner.accessToken })).data).toEqual({ course: null });
    expect(await server.db.video.count({ where: { course: { slug: course.slug } } })).toBe(0);
    const again = await server.graphql(DELETE, { id: course.id }, { token: cast.owner.accessToken });
    expect(again.errors?.[0].extensions.code).toBe("NOT_FOUND");

    const other = await createCourse(server, cast.owner.accessToken);
    const byAdmin = await server.graphql(DELETE, { id: other.id }, { token: cast.admin.accessToken });
    expect(byAdmin.data).toEqual({ deleteCourse: true });
  });

  it("refuses a course anyone ever enrolled in, even after a refund, and leaves it whole", async () => {
    for (const status of ["ACTIVE", "REFUNDED"] as const) {
      const course = await publishedCourse(server, cast.owner.accessToken);
      await enroll(server, course.id, cast.student.id, status);
      for (const token of [cast.owner.accessToken, cast.admin.accessToken]) {
        const refused = await server.graphql(DELETE, { id: course.id }, { token });
        expectError(refused, "CONFLICT", "COURSE_HAS_ENROLLMENTS");
      }
      const still = await server.graphql(COURSE, { id: course.id }, { token: cast.owner.accessToken });
      expect(still.data!.course).toMatchObject({ id: course.id, status: "PUBLISHED" });
      expect(await server.db.video.count({ where: { courseId: databaseId(course.id) } })).toBe(1);
    }
  });

  it("waits for an enrollment being written at the same moment, then refuses", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const enrolling = await enrollUncommitted(server, course.id, cast.student.id);
    try {
      const deleting = server.graphql(DELETE, { id: course.id }, { token: cast.owner.accessToken });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await enrolling.commit();
      expectError(await deleting, "CONFLICT", "COURSE_HAS_ENROLLMENTS");
    } finally {
      await enrolling.end();
    }
    expect(await server.db.course.count({ where: { id: databaseId(course.id) } })).toBe(1);
  });
});
