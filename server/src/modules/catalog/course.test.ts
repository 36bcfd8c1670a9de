// Courses through the public API: creating and editing, slugs, validation, visibility, co-instructors.
import { type Cast, signUp, signUpCast } from "../identity/identity.fixtures.ts";
import { startTestServer, type TestServer, UNTHROTTLED } from "../../../test/support/test-server.ts";
import { ADD_INSTRUCTOR, addCoInstructor, COURSE, CREATE_COURSE, createCourse, UPDATE_COURSE } from "./catalog.fixtures.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { publishedCourse } from "../media/media.fixtures.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
});
afterAll(() => server.close());

const REMOVE_INSTRUCTOR = /* GraphQL */ `
  mutation Remove($courseId: ID!, $userId: ID!) { removeCourseInstructor(courseId: $courseId, userId: $userId) { id instructors { id } } }
`;

describe("createCourse", () => {
  it("makes the creator the owner of a draft with a slug derived from the title", async () => {
    const course = await createCourse(server, cast.owner.accessToken, {
      title: "  Élan: Intro to C++ & Rust!  ",
      subtitle: "Systems",
      priceCents: 4900,
      currency: "eur",
      tags: [" Rust ", "systems", "rust"],
    });
    expect(course).toMatchObject({
      slug: "elan-intro-to-c-rust",
      title: "Élan: Intro to C++ & Rust!",
      status: "DRAFT",
      priceCents: 4900,
      currency: "EUR",
      isFree: false,
      tags: ["rust", "systems"],
      publishedAt: null,
      viewerCanEdit: true,
      owner: { id: cast.owner.id },
      instructors: [{ id: cast.owner.id }],
    });
  });

  it("defaults to USD and keeps derived slugs unique with a suffix", async () => {
    const first = await createCourse(server, cast.owner.accessToken, { title: "Same title here" });
    const second = await createCourse(server, cast.otherInstructor.accessToken, { title: "Same Title Here" });
    expect(first).toMatchObject({ slug: "same-title-here", currency: "USD", isFree: true });
    expect(second.slug).toBe("same-title-here-2");
  });

  it("takes a valid explicit slug and refuses a taken one with CONFLICT", async () => {
    const course = await createCourse(server, cast.owner.accessToken, { slug: "my-own-slug" });
    expect(course.slug).toBe("my-own-slug");
    const again = await server.graphql(CREATE_COURSE, {
      input: { title: "Another", description: "", priceCents: 0, slug: "my-own-slug" },
    }, { token: cast.owner.accessToken });
    expect(again.errors?.[0].extensions).toEqual({ code: "CONFLICT", reason: "SLUG_TAKEN", fields: { slug: "is taken" } });
  });

  const base = { title: "Valid title", description: "", priceCents: 0 };
  it.each([
    ["title", { title: "ab" }],
    ["title", { title: "   ab   " }],
    ["title", { title: "x".repeat(121) }],
    ["subtitle", { subtitle: "x".repeat(201) }],
    ["description", { description: "x".repeat(20_001) }],
    ["priceCents", { priceCents: -1 }],
    ["priceCents", { priceCents: 1_000_001 }],
    ["currency", { currency: "XYZ" }],
    ["currency", { currency: "'; DROP TABLE courses; --" }],
    ["tags", { tags: Array.from({ length: 11 }, (_, i) => `tag${i}`) }],
    ["tags", { tags: ["x".repeat(31)] }],
    ["tags", { tags: ["   "] }],
    ["slug", { slug: "Not A Slug" }],
    ["slug", { slug: "trailing-" }],
    ["slug", { slug: "a".repeat(81) }],
    ["slug", { slug: "<script>alert(1)</script>" }],
  ])("refuses an invalid %s with BAD_USER_INPUT naming it, storing nothing", async (field, override) => {
    const before = await server.db.course.count();
    const result = await server.graphql(CREATE_COURSE, { input: { ...base, ...override } }, { token: cast.owner.accessToken });
    expect(result.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(Object.keys(result.errors![0].extensions.fields!)).toEqual([field]);
    expect(await server.db.course.count()).toBe(before);
  });

  it("accepts the boundaries of every rule", async () => {
    const course = await createCourse(server, cast.owner.accessToken, {
      title: "abc",
      subtitle: "s".repeat(200),
      description: "d".repeat(20_000),
      priceCents: 1_000_000,
      tags: Array.from({ length: 10 }, (_, i) => `${"t".repeat(29)}${i}`),
    });
    expect(course).toMatchObject({ title: "abc", priceCents: 1_000_000 });
  });

  it("refuses missing required fields and wrong types as BAD_USER_INPUT", async () => {
    const missing = await server.graphql(CREATE_COURSE, { input: { title: "No price", description: "" } }, { token: cast.owner.accessToken });
    expect(missing.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
    const wrongType = await server.graphql(CREATE_COURSE, { input: { ...base, priceCents: "free" } }, { token: cast.owner.accessToken });
    expect(wrongType.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("is refused to students and anonymous callers", async () => {
    const asStudent = await server.graphql(CREATE_COURSE, { input: base }, { token: cast.student.accessToken });
    expect(asStudent.errors?.[0].extensions.code).toBe("FORBIDDEN");
    const anonymous = await server.graphql(CREATE_COURSE, { input: base });
    expect(anonymous.errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
  });
});

describe("updateCourse", () => {
  it("keeps the slug when the title changes, and changes it only when asked", async () => {
    const course = await createCourse(server, cast.owner.accessToken, { title: "Original title" });
    const renamed = await server.graphql(UPDATE_COURSE, { id: course.id, input: { title: "A new title", subtitle: "" } }, { token: cast.owner.accessToken });
    expect(renamed.data!.updateCourse).toMatchObject({ title: "A new title", slug: "original-title", subtitle: null });
    const reslugged = await server.graphql(UPDATE_COURSE, { id: course.id, input: { slug: "a-new-title" } }, { token: cast.owner.accessToken });
    expect(reslugged.data!.updateCourse.slug).toBe("a-new-title");
    const bySlug = await server.graphql(COURSE, { slug: "a-new-title" }, { token: cast.owner.accessToken });
    expect(bySlug.data!.course.id).toBe(course.id);
  });

  it("validates like createCourse and leaves the course unchanged", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const result = await server.graphql(UPDATE_COURSE, {
      id: course.id,
      input: { title: "ok title", thumbnailUrl: "javascript:alert(1)", priceCents: 2_000_000 },
    }, { token: cast.owner.accessToken });
    expect(result.errors?.[0].extensions).toEqual({
      code: "BAD_USER_INPUT",
      fields: { thumbnailUrl: "must be an http(s) URL", priceCents: "must be between 0 and 1000000 minor units" },
    });
    const stored = await server.graphql(COURSE, { id: course.id }, { token: cast.owner.accessToken });
    expect(stored.data!.course.title).toBe("Intro to testing");
  });

  it("refuses to clear a field every course has", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const result = await server.graphql(UPDATE_COURSE, { id: course.id, input: { title: null, priceCents: null } }, { token: cast.owner.accessToken });
    expect(result.errors?.[0].extensions).toEqual({
      code: "BAD_USER_INPUT",
      fields: { title: "cannot be cleared", priceCents: "cannot be cleared" },
    });
  });

  it("lets a co-instructor edit content but not the price; the owner may", async () => {
    const course = await createCourse(server, cast.owner.accessToken, { priceCents: 1000 });
    await addCoInstructor(server, cast.owner.accessToken, course.id, cast.coInstructor.id);
    const content = await server.graphql(UPDATE_COURSE, { id: course.id, input: { subtitle: "By the co" } }, { token: cast.coInstructor.accessToken });
    expect(content.data!.updateCourse).toMatchObject({ subtitle: "By the co", viewerCanEdit: true });
    const price = await server.graphql(UPDATE_COURSE, { id: course.id, input: { priceCents: 0 } }, { token: cast.coInstructor.accessToken });
    expect(price.errors?.[0].extensions.code).toBe("FORBIDDEN");
    const currency = await server.graphql(UPDATE_COURSE, { id: course.id, input: { currency: "GBP" } }, { token: cast.coInstructor.accessToken });
    expect(currency.errors?.[0].extensions.code).toBe("FORBIDDEN");
    const byOwner = await server.graphql(UPDATE_COURSE, { id: course.id, input: { priceCents: 0 } }, { token: cast.owner.accessToken });
    expect(byOwner.data!.updateCourse).toMatchObject({ priceCents: 0, isFree: true });
  });

  it.each([
    ["another instructor", "otherInstructor", "NOT_FOUND"],
    ["a student", "student", "FORBIDDEN"],
  ] as const)("is refused to %s", async (_who, actor, code) => {
    const course = await createCourse(server, cast.owner.accessToken);
    const result = await server.graphql(UPDATE_COURSE, { id: course.id, input: { title: "Hijacked" } }, { token: cast[actor].accessToken });
    expect(result.errors?.[0].extensions.code).toBe(code);
  });

  it("answers a published course's other instructor FORBIDDEN, and an admin may edit anything", async () => {
    const course = await publishedCourse(server, cast.owner.accessToken);
    const other = await server.graphql(UPDATE_COURSE, { id: course.id, input: { title: "Hijacked" } }, { token: cast.otherInstructor.accessToken });
    expect(other.errors?.[0].extensions.code).toBe("FORBIDDEN");
    const admin = await server.graphql(UPDATE_COURSE, { id: course.id, input: { priceCents: 500 } }, { token: cast.admin.accessToken });
    expect(admin.data!.updateCourse.priceCents).toBe(500);
  });

  it("refuses a malformed id as BAD_USER_INPUT naming it", async () => {
    const result = await server.graphql(UPDATE_COURSE, { id: "not-an-id", input: { title: "Whatever" } }, { token: cast.owner.accessToken });
    expect(result.errors?.[0].extensions).toEqual({ code: "BAD_USER_INPUT", fields: { id: "is not a valid Course id" } });
  });
});

describe("course visibility", () => {
  it("shows a draft only to its instructors and admins; to others it is null", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    await addCoInstructor(server, cast.owner.accessToken, course.id, cast.coInstructor.id);
    for (const actor of ["owner", "coInstructor", "admin"] as const) {
      const result = await server.graphql(COURSE, { id: course.id }, { token: cast[actor].accessToken });
      expect(result.data!.course?.id).toBe(course.id);
    }
    for (const token of [cast.otherInstructor.accessToken, cast.student.accessToken, undefined]) {
      const byId = await server.graphql(COURSE, { id: course.id }, { token });
      const bySlug = await server.graphql(COURSE, { slug: course.slug }, { token });
      expect([byId.data, bySlug.data, byId.errors, bySlug.errors]).toEqual([{ course: null }, { course: null }, undefined, undefined]);
    }
    const node = await server.graphql(`query ($id: ID!) { node(id: $id) { id } }`, { id: course.id });
    expect(node.data).toEqual({ node: null });
  });

  it("shows a published course to everyone, anonymous included, with viewerCanEdit per viewer", async () => {
    const course = await publishedCourse(server, cast.owner.accessToken);
    const anonymous = await server.graphql(COURSE, { slug: course.slug });
    expect(anonymous.data!.course).toMatchObject({ id: course.id, status: "PUBLISHED", viewerCanEdit: false });
    const student = await server.graphql(COURSE, { id: course.id }, { token: cast.student.accessToken });
    expect(student.data!.course.viewerCanEdit).toBe(false);
  });

  it("asks for exactly one of id and slug", async () => {
    const neither = await server.graphql(COURSE, {});
    expect(neither.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
    const unknownSlug = await server.graphql(COURSE, { slug: "no-such-course" });
    expect(unknownSlug.data).toEqual({ course: null });
  });
});

describe("co-instructors", () => {
  it("are added and removed by the owner; they must be instructors", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const added = await server.graphql(ADD_INSTRUCTOR, { courseId: course.id, userId: cast.coInstructor.id }, { token: cast.owner.accessToken });
    expect(added.data!.addCourseInstructor.instructors).toEqual([{ id: cast.owner.id }, { id: cast.coInstructor.id }]);
    const student = await server.graphql(ADD_INSTRUCTOR, { courseId: course.id, userId: cast.student.id }, { token: cast.owner.accessToken });
    expect(student.errors?.[0].extensions).toEqual({ code: "BAD_USER_INPUT", fields: { userId: "is not an instructor" } });
    const owner = await server.graphql(ADD_INSTRUCTOR, { courseId: course.id, userId: cast.owner.id }, { token: cast.owner.accessToken });
    expect(owner.errors?.[0].extensions.fields).toHaveProperty("userId");
    const removed = await server.graphql(REMOVE_INSTRUCTOR, { courseId: course.id, userId: cast.coInstructor.id }, { token: cast.owner.accessToken });
    expect(removed.data!.removeCourseInstructor.instructors).toEqual([{ id: cast.owner.id }]);
    const again = await server.graphql(REMOVE_INSTRUCTOR, { courseId: course.id, userId: cast.coInstructor.id }, { token: cast.owner.accessToken });
    expect(again.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("cannot manage instructors; an admin can", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    await addCoInstructor(server, cast.owner.accessToken, course.id, cast.coInstructor.id);
    const byCo = await server.graphql(ADD_INSTRUCTOR, { courseId: course.id, userId: cast.otherInstructor.id }, { token: cast.coInstructor.accessToken });
    expect(byCo.errors?.[0].extensions.code).toBe("FORBIDDEN");
    const removeByCo = await server.graphql(REMOVE_INSTRUCTOR, { courseId: course.id, userId: cast.coInstructor.id }, { token: cast.coInstructor.accessToken });
    expect(removeByCo.errors?.[0].extensions.code).toBe("FORBIDDEN");
    const byAdmin = await server.graphql(ADD_INSTRUCTOR, { courseId: course.id, userId: cast.otherInstructor.id }, { token: cast.admin.accessToken });
    expect(byAdmin.data!.addCourseInstructor.instructors).toHaveLength(3);
  });

  it("see drafts they co-teach in teachingCourses, filtered by status", async () => {
    const course = await createCourse(server, cast.owner.accessToken, { title: "Co-taught draft" });
    await addCoInstructor(server, cast.owner.accessToken, course.id, cast.coInstructor.id);
    const TEACHING = `query ($status: CourseStatus) { teachingCourses(status: $status) { totalCount nodes { id status } } }`;
    const drafts = await server.graphql(TEACHING, { status: "DRAFT" }, { token: cast.coInstructor.accessToken });
    expect(drafts.data!.teachingCourses.nodes.map((c: { id: string }) => c.id)).toContain(course.id);
    const published = await server.graphql(TEACHING, { status: "PUBLISHED" }, { token: cast.coInstructor.accessToken });
    expect(published.data!.teachingCourses.nodes.map((c: { id: string }) => c.id)).not.toContain(course.id);
    const other = await server.graphql(TEACHING, {}, { token: cast.otherInstructor.accessToken });
    expect(other.data!.teachingCourses.nodes.map((c: { id: string }) => c.id)).not.toContain(course.id);
  });
});

describe("transferCourseOwnership", () => {
  const TRANSFER = /* GraphQL */ `
    mutation ($courseId: ID!, $newOwnerId: ID!) {
      transferCourseOwnership(courseId: $courseId, newOwnerId: $newOwnerId) { id status owner { id } instructors { id } }
    }
  `;
  const SET_ROLE = `mutation ($userId: ID!, $role: Role!) { setUserRole(userId: $userId, role: $role) { id role } }`;
  const EDITABLE = `query ($id: ID!) { course(id: $id) { id status viewerCanEdit } }`;

  it("hands a demoted instructor's published course to another instructor; learners keep it, the old owner leaves its team", async () => {
    const demoted = await signUp(server, { role: "INSTRUCTOR", displayName: "Leaving" });
    const course = await publishedCourse(server, demoted.accessToken, { title: "Course of a leaving instructor" });
    await addCoInstructor(server, demoted.accessToken, course.id, cast.coInstructor.id);
    await server.graphql(SET_ROLE, { userId: demoted.id, role: "STUDENT" }, { token: cast.admin.accessToken });
    // Still in the catalog after the demotion, for learners and anonymous visitors alike.
    expect((await server.graphql(EDITABLE, { id: course.id })).data!.course).toEqual({ id: course.id, status: "PUBLISHED", viewerCanEdit: false });

    const transferred = await server.graphql(TRANSFER, { courseId: course.id, newOwnerId: cast.coInstructor.id }, { token: cast.admin.accessToken });
    expect(transferred.errors).toBeUndefined();
    expect(transferred.data!.transferCourseOwnership).toEqual({
      id: course.id,
      status: "PUBLISHED",
      owner: { id: cast.coInstructor.id },
      instructors: [{ id: cast.coInstructor.id }],
    });
    expect((await server.graphql(EDITABLE, { id: course.id }, { token: cast.coInstructor.accessToken })).data!.course.viewerCanEdit).toBe(true);
    // Promoted again, the previous owner is no longer on the course's team.
    await server.graphql(SET_ROLE, { userId: demoted.id, role: "INSTRUCTOR" }, { token: cast.admin.accessToken });
    expect((await server.graphql(EDITABLE, { id: course.id }, { token: demoted.accessToken })).data!.course.viewerCanEdit).toBe(false);
  });

  it("refuses a new owner who does not teach, the current owner, and anyone but an admin, changing nothing", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    await addCoInstructor(server, cast.owner.accessToken, course.id, cast.coInstructor.id);
    const stored = () => server.db.course.findUniqueOrThrow({ where: { id: databaseId(course.id) }, include: { coInstructors: true } });
    const before = await stored();
    const refusals: [string, string, string][] = [
      [cast.admin.accessToken, cast.student.id, "BAD_USER_INPUT"],
      [cast.admin.accessToken, cast.owner.id, "BAD_USER_INPUT"],
      [cast.owner.accessToken, cast.coInstructor.id, "FORBIDDEN"],
      [cast.coInstructor.accessToken, cast.coInstructor.id, "FORBIDDEN"],
    ];
    for (const [token, newOwnerId, code] of refusals) {
      const result = await server.graphql(TRANSFER, { courseId: course.id, newOwnerId }, { token });
      expect(result.errors?.[0].extensions.code).toBe(code);
    }
    const student = await server.graphql(TRANSFER, { courseId: course.id, newOwnerId: cast.student.id }, { token: cast.admin.accessToken });
    expect(student.errors?.[0].extensions.fields).toEqual({ newOwnerId: "is not an instructor or admin" });
    expect(await stored()).toEqual(before);
  });
});
