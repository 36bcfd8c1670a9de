// The published catalog: weighted full-text search, filters, orders and keyset pagination.
import { type Cast, signUp, signUpCast } from "../identity/identity.fixtures.ts";
import { startTestServer, type TestServer, UNTHROTTLED } from "../../../test/support/test-server.ts";
import { addCoInstructor } from "./catalog.fixtures.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { enroll, removeEnrollments, setEnrollmentStatus } from "../learning/learning.fixtures.ts";
import { publishedCourse } from "../media/media.fixtures.ts";
import { refreshCoursePopularity } from "./index.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
});
afterAll(() => server.close());

const COURSES = /* GraphQL */ `
  query Courses($first: Int, $after: String, $filter: CourseFilter, $orderBy: CourseOrder) {
    courses(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      nodes { id title priceCents publishedAt }
      pageInfo { hasNextPage hasPreviousPage endCursor }
    }
  }
`;

interface Page {
  totalCount: number;
  nodes: { id: string; title: string; priceCents: number; publishedAt: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
}

async function catalogPage(variables: Record<string, unknown>): Promise<Page> {
  const result = await server.graphql(COURSES, variables);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.courses;
}

/** Walks every page of a query, `first` at a time. */
async function walk(variables: Record<string, unknown>, first: number, between?: () => Promise<void>): Promise<Page["nodes"]> {
  const seen: Page["nodes"] = [];
  let after: string | null = null;
  for (;;) {
    const page: Page = await catalogPage({ ...variables, first, after });
    seen.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return seen;
    after = page.pageInfo.endCursor;
    await between?.();
  }
}

/** Published courses written straight to the database, for volume. */
async function bulkCourses(prefix: string, count: number, data: (i: number) => Record<string, unknown> = () => ({})) {
  const publishedAt = new Date("2026-01-01T00:00:00Z");
  await server.db.course.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      slug: `${prefix}-${i}`,
      title: `${prefix} course ${i}`,
      description: "",
      priceCents: 1000,
      ownerId: databaseId(cast.otherInstructor.id),
      status: "PUBLISHED" as const,
      publishedAt,
      ...data(i),
    })),
  });
}

describe("full-text search", () => {
  let ids: Record<string, string>;
  beforeAll(async () => {
    const token = cast.owner.accessToken;
    const make = async (input: Record<string, unknown>) => (await publishedCourse(server, token, input)).id;
    ids = {
      description: await make({ title: "Container basics", description: "We deploy with Kubernetes at the end." }),
      tag: await make({ title: "Cloud operations", tags: ["kubernetes"] }),
      subtitle: await make({ title: "Orchestration", subtitle: "Kubernetes from zero" }),
      title: await make({ title: "Kubernetes in depth" }),
      unrelated: await make({ title: "Watercolour painting" }),
    };
  });

  it("ranks title above subtitle above tags above description", async () => {
    const page = await catalogPage({ filter: { search: "kubernetes" } });
    expect(page.nodes.map((course) => course.id)).toEqual([ids.title, ids.subtitle, ids.tag, ids.description]);
    expect(page.totalCount).toBe(4);
  });

  it("matches the last word as a prefix, so results follow typing", async () => {
    for (const typed of ["kub", "kubern", "Kubernetes in de"]) {
      const page = await catalogPage({ filter: { search: typed } });
      expect(page.nodes[0].id).toBe(ids.title);
    }
    const twoWords = await catalogPage({ filter: { search: "kubernetes zer" } });
    expect(twoWords.nodes.map((course) => course.id)).toEqual([ids.subtitle]);
  });

  it("keeps matching while a word is typed past its stem", async () => {
    const course = await publishedCourse(server, cast.owner.accessToken, { title: "Programming for everyone" });
    for (const typed of ["progr", "programm", "programmi", "programming", "programs", "everyone program"]) {
      const page = await catalogPage({ filter: { search: typed } });
      expect([typed, page.nodes.map((c) => c.id)]).toEqual([typed, [course.id]]);
    }
  });

  it("stems words and ignores case and punctuation", async () => {
    const page = await catalogPage({ filter: { search: "DEPLOYING!" } });
    expect(page.nodes.map((course) => course.id)).toEqual([ids.description]);
  });

  it.each(["kubernetes & | ! ( ) :* ' \" \\ <->", "'); DROP TABLE courses; --", "   ", "&&&", "🙂"])(
    "treats operator characters in %j as plain text, never as an error",
    async (search) => {
      const result = await server.graphql(COURSES, { filter: { search } });
      expect(result.errors).toBeUndefined();
    },
  );

  it("refuses an oversized search with BAD_USER_INPUT naming it", async () => {
    const result = await server.graphql(COURSES, { filter: { search: "x".repeat(201) } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { search: expect.any(String) } });
  });

  it("finds a course by an instructor's name, ranked below a course with the name in its title", async () => {
    const quist = await signUp(server, { role: "INSTRUCTOR", displayName: "Ottoline Quist" });
    const taught = await publishedCourse(server, quist.accessToken, { title: "Pressed flowers" });
    const titled = await publishedCourse(server, cast.owner.accessToken, { title: "The Quist method" });
    const coTaught = await publishedCourse(server, cast.owner.accessToken, { title: "Botanical drawing" });
    await addCoInstructor(server, cast.owner.accessToken, coTaught.id, quist.id);

    const byName = await catalogPage({ filter: { search: "quist" } });
    expect(byName.nodes[0].id).toBe(titled.id);
    expect(byName.nodes.slice(1).map((course) => course.id).sort()).toEqual([taught.id, coTaught.id].sort());
    for (const typed of ["ottoline quist", "Ottol", "quis"]) {
      const page = await catalogPage({ filter: { search: typed } });
      expect([typed, page.nodes.map((course) => course.id)]).toEqual([typed, expect.arrayContaining([taught.id, coTaught.id])]);
    }
  });

  it("follows an instructor's rename and a change of teaching team", async () => {
    const renamed = await signUp(server, { role: "INSTRUCTOR", displayName: "Wendell Brisk" });
    const owned = await publishedCourse(server, renamed.accessToken, { title: "Knots at sea" });
    const coTaught = await publishedCourse(server, cast.owner.accessToken, { title: "Sailing theory" });
    await addCoInstructor(server, cast.owner.accessToken, coTaught.id, renamed.id);
    const found = async (search: string) => (await catalogPage({ filter: { search } })).nodes.map((course) => course.id).sort();
    expect(await found("brisk")).toEqual([owned.id, coTaught.id].sort());

    const rename = await server.graphql(
      `mutation { updateProfile(input: { displayName: "Wendell Marrow" }) { id } }`, {}, { token: renamed.accessToken });
    expect(rename.errors).toBeUndefined();
    expect(await found("brisk")).toEqual([]);
    expect(await found("marrow")).toEqual([owned.id, coTaught.id].sort());

    const remove = await server.graphql(
      `mutation ($courseId: ID!, $userId: ID!) { removeCourseInstructor(courseId: $courseId, userId: $userId) { id } }`,
      { courseId: coTaught.id, userId: renamed.id },
      { token: cast.owner.accessToken },
    );
    expect(remove.errors).toBeUndefined();
    expect(await found("marrow")).toEqual([owned.id]);
  });

  it("pages through results in relevance order with stable cursors", async () => {
    const all = await walk({ filter: { search: "kubernetes" } }, 1);
    expect(all.map((course) => course.id)).toEqual([ids.title, ids.subtitle, ids.tag, ids.description]);
  });
});

describe("filters", () => {
  it("by tag, price and instructor (owner or co-instructor)", async () => {
    const free = await publishedCourse(server, cast.coInstructor.accessToken, { title: "Free filter course", tags: ["Filters"], priceCents: 0 });
    const paid = await publishedCourse(server, cast.coInstructor.accessToken, { title: "Paid filter course", tags: ["filters"], priceCents: 990 });
    const shared = await publishedCourse(server, cast.admin.accessToken, { title: "Shared filter course", priceCents: 5 });
    await addCoInstructor(server, cast.admin.accessToken, shared.id, cast.coInstructor.id);

    const byTag = await catalogPage({ filter: { tag: " FILTERS " } });
    expect(byTag.nodes.map((c) => c.id).sort()).toEqual([free.id, paid.id].sort());
    const freeOnly = await catalogPage({ filter: { tag: "filters", free: true } });
    expect(freeOnly.nodes.map((c) => c.id)).toEqual([free.id]);
    const paidOnly = await catalogPage({ filter: { tag: "filters", free: false } });
    expect(paidOnly.nodes.map((c) => c.id)).toEqual([paid.id]);
    const byInstructor = await catalogPage({ filter: { instructorId: cast.coInstructor.id } });
    expect(byInstructor.nodes.map((c) => c.id).sort()).toEqual([free.id, paid.id, shared.id].sort());
    expect(byInstructor.totalCount).toBe(3);
  });

  it("refuses a malformed instructor id or tag with BAD_USER_INPUT naming it", async () => {
    const badId = await server.graphql(COURSES, { filter: { instructorId: "nope" } });
    expect(badId.errors?.[0].extensions.fields).toEqual({ instructorId: "is not a valid User id" });
    const courseId = await server.graphql(COURSES, { filter: { instructorId: (await catalogPage({ first: 1 })).nodes[0].id } });
    expect(courseId.errors?.[0].extensions.fields).toHaveProperty("instructorId");
    const longTag = await server.graphql(COURSES, { filter: { tag: "t".repeat(31) } });
    expect(longTag.errors?.[0].extensions.fields).toHaveProperty("tag");
  });
});

describe("orders and pagination", () => {
  beforeAll(async () => {
    await bulkCourses("tie", 25, (i) => ({ priceCents: 700, title: `Tied ${i % 3}`, popularity: i % 2 }));
  });

  it.each([
    ["PRICE", "ASC"],
    ["PRICE", "DESC"],
    ["TITLE", "ASC"],
    ["TITLE", "DESC"],
    ["POPULARITY", "DESC"],
    ["PUBLISHED_AT", "DESC"],
    ["PUBLISHED_AT", "ASC"],
  ])("walks %s %s page by page: every course once, in order, ties broken by id", async (field, direction) => {
    const everything = await catalogPage({ first: 100, orderBy: { field, direction } });
    const walked = await walk({ orderBy: { field, direction } }, 7);
    expect(walked.map((c) => c.id)).toEqual(everything.nodes.map((c) => c.id));
    expect(new Set(walked.map((c) => c.id)).size).toBe(everything.totalCount);
    const key = { PRICE: "priceCents", TITLE: "title", POPULARITY: null, PUBLISHED_AT: "publishedAt" }[field] as keyof Page["nodes"][number] | null;
    if (key) {
      const values = walked.map((c) => c[key]);
      const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      // Titles sort by the database collation; numbers and timestamps compare as they are.
      if (key !== "title") expect(values).toEqual(direction === "ASC" ? sorted : sorted.reverse());
    }
  });

  it("orders POPULARITY by each course's active and completed enrollments, recounted as they change", async () => {
    const [alpha, beta, gamma] = await Promise.all(
      ["alpha", "beta", "gamma"].map((name) => publishedCourse(server, cast.owner.accessToken, { title: `Crowd favourite ${name}` })),
    );
    const [first, second, third] = [cast.student, cast.admin, cast.otherInstructor].map((person) => person.id);
    await enroll(server, alpha!.id, first!);
    await enroll(server, beta!.id, first!);
    await enroll(server, beta!.id, second!, "COMPLETED");
    const leaving = await enroll(server, beta!.id, third!);
    const refunded = await enroll(server, gamma!.id, first!, "REFUNDED");
    await enroll(server, gamma!.id, second!);

    const byPopularity = async () =>
      (await catalogPage({ first: 10, filter: { search: "crowd favourite" }, orderBy: { field: "POPULARITY", direction: "DESC" } })).nodes.map((c) => c.id);
    // The recount runs on a schedule; here it runs as soon as the enrollments have changed.
    const popularity = async () => {
      await refreshCoursePopularity(server.app.platform);
      return Promise.all([alpha!, beta!, gamma!].map(async (c) => (await server.db.course.findUniqueOrThrow({ where: { id: databaseId(c.id) } })).popularity));
    };
    expect(await popularity()).toEqual([1, 3, 1]);
    expect((await byPopularity())[0]).toBe(beta!.id);

    await setEnrollmentStatus(server, leaving.id, "REVOKED");
    await setEnrollmentStatus(server, refunded.id, "ACTIVE");
    expect(await popularity()).toEqual([1, 2, 2]);
    await removeEnrollments(server, gamma!.id);
    expect(await popularity()).toEqual([1, 2, 0]);
    expect(await byPopularity()).toEqual([beta!.id, alpha!.id, gamma!.id]);
  });

  it("lists the newest first when nothing is searched and no order is asked for", async () => {
    const newest = await catalogPage({ first: 100, orderBy: { field: "PUBLISHED_AT", direction: "DESC" } });
    const unordered = await catalogPage({ first: 100 });
    expect(unordered.nodes.map((c) => c.id)).toEqual(newest.nodes.map((c) => c.id));
    expect(new Set(unordered.nodes.map((c) => c.publishedAt)).size).toBeGreaterThan(1);
  });

  it("stays stable while courses are inserted between pages", async () => {
    const before = await catalogPage({ first: 100, orderBy: { field: "PRICE", direction: "ASC" } });
    let inserted = 0;
    const walked = await walk({ orderBy: { field: "PRICE", direction: "ASC" } }, 5, async () => {
      inserted += 1;
      await bulkCourses(`late${inserted}`, 1, () => ({ priceCents: 700 }));
    });
    const ids = walked.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const course of before.nodes) expect(ids).toContain(course.id);
  });

  it("reports totalCount, hasPreviousPage and the end of the list", async () => {
    const first = await catalogPage({ first: 2 });
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await catalogPage({ first: 2, after: first.pageInfo.endCursor });
    expect(second.pageInfo.hasPreviousPage).toBe(true);
    expect(second.totalCount).toBe(first.totalCount);
    expect(second.nodes.map((c) => c.id)).not.toContain(first.nodes[0].id);
  });

  it.each([
    [{ first: 101 }, "first"],
    [{ first: -1 }, "first"],
    [{ after: "garbage" }, "after"],
    [{ after: Buffer.from(JSON.stringify(["x", "y"])).toString("base64url") }, "after"],
    [{ after: Buffer.from(JSON.stringify(["not a date", "01a20e8d-d685-723c-818c-5add1dff0289"])).toString("base64url") }, "after"],
  ])("refuses %j with BAD_USER_INPUT naming %s", async (variables, field) => {
    const result = await server.graphql(COURSES, variables);
    expect(result.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0].extensions.fields).toHaveProperty(field);
  });
});
