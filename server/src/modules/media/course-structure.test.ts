// Sections and videos through the public API: dense positions after every change, exact-set
// reorders that hold under concurrency, moves between sections, and the course's playing order.
import { startTestServer, type TestServer, UNTHROTTLED } from "../../../test/support/test-server.ts";
import { addCoInstructor, createCourse, PUBLISH } from "../catalog/catalog.fixtures.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { type Cast, signUpCast } from "../identity/identity.fixtures.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
});
afterAll(() => server.close());

const STRUCTURE = /* GraphQL */ `
  query ($id: ID) {
    course(id: $id) {
      videoCount totalDurationSeconds
      sections { id title position videos { id title position } }
      videos { id title position section { id } }
    }
  }
`;
const CREATE_SECTION = `mutation ($courseId: ID!, $input: SectionInput!) { createSection(courseId: $courseId, input: $input) { id title position } }`;
const UPDATE_SECTION = `mutation ($id: ID!, $input: SectionInput!) { updateSection(id: $id, input: $input) { id title position } }`;
const DELETE_SECTION = `mutation ($id: ID!) { deleteSection(id: $id) }`;
const REORDER_SECTIONS = `mutation ($courseId: ID!, $ids: [ID!]!) { reorderSections(courseId: $courseId, sectionIds: $ids) { sections { id position } } }`;
const CREATE_VIDEO = `mutation ($input: CreateVideoInput!) { createVideo(input: $input) { id title position status isPreview section { id } course { id } } }`;
const UPDATE_VIDEO = `mutation ($id: ID!, $input: UpdateVideoInput!) { updateVideo(id: $id, input: $input) { id title description position isPreview transcriptVtt section { id } } }`;
const DELETE_VIDEO = `mutation ($id: ID!) { deleteVideo(id: $id) }`;
const REORDER_VIDEOS = `mutation ($courseId: ID!, $sectionId: ID, $ids: [ID!]!) { reorderVideos(courseId: $courseId, sectionId: $sectionId, videoIds: $ids) { id position } }`;

async function as<T = any>(token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const result = await server.graphql(query, variables, { token });
  if (!result.data || result.errors) throw new Error(JSON.stringify(result.errors));
  return Object.values(result.data)[0] as T;
}

async function structure(courseId: string) {
  return (await server.graphql(STRUCTURE, { id: courseId }, { token: cast.owner.accessToken })).data!.course;
}

async function section(courseId: string, title: string, position?: number) {
  return as(cast.owner.accessToken, CREATE_SECTION, { courseId, input: { title, position } });
}

async function video(courseId: string, title: string, extra: Record<string, unknown> = {}) {
  return as(cast.owner.accessToken, CREATE_VIDEO, { input: { courseId, title, ...extra } });
}

const titles = (items: { title: string }[]) => items.map((item) => item.title);
const positions = (items: { position: number }[]) => items.map((item) => item.position);

describe("sections", () => {
  it("insert at a position or the end, move, and stay dense after deletion", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const b = await section(course.id, "B");
    await section(course.id, "A", 0);
    const c = await section(course.id, "C");
    await section(course.id, "Between", 2);
    let sections = (await structure(course.id)).sections;
    expect(titles(sections)).toEqual(["A", "B", "Between", "C"]);
    expect(positions(sections)).toEqual([0, 1, 2, 3]);

    const moved = await as(cast.owner.accessToken, UPDATE_SECTION, { id: c.id, input: { title: "C renamed", position: 0 } });
    expect(moved).toMatchObject({ title: "C renamed", position: 0 });
    await as(cast.owner.accessToken, DELETE_SECTION, { id: b.id });
    sections = (await structure(course.id)).sections;
    expect(titles(sections)).toEqual(["C renamed", "A", "Between"]);
    expect(positions(sections)).toEqual([0, 1, 2]);
  });

  it("refuse positions out of range and blank titles, storing nothing", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    await section(course.id, "Only");
    for (const [input, field] of [
      [{ title: "Far", position: 2 }, "position"],
      [{ title: "Neg", position: -1 }, "position"],
      [{ title: "   " }, "title"],
      [{ title: "x".repeat(201) }, "title"],
    ] as const) {
      const result = await server.graphql(CREATE_SECTION, { courseId: course.id, input }, { token: cast.owner.accessToken });
      expect(result.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
      expect(Object.keys(result.errors![0].extensions.fields!)).toEqual([field]);
    }
    expect((await structure(course.id)).sections).toHaveLength(1);
  });

  it("deleting one moves its videos, in order, to the end of the unsectioned list", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const part = await section(course.id, "Part");
    await video(course.id, "Loose 1");
    await video(course.id, "In part 1", { sectionId: part.id });
    await video(course.id, "In part 2", { sectionId: part.id });
    await as(cast.owner.accessToken, DELETE_SECTION, { id: part.id });
    const after = await structure(course.id);
    expect(after.sections).toEqual([]);
    expect(titles(after.videos)).toEqual(["Loose 1", "In part 1", "In part 2"]);
    expect(positions(after.videos)).toEqual([0, 1, 2]);
    expect(after.videos.every((v: { section: unknown }) => v.section === null)).toBe(true);
  });

  it("reorder takes exactly the current set; anything else is BAD_USER_INPUT", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const [a, b, c] = [await section(course.id, "A"), await section(course.id, "B"), await section(course.id, "C")];
    const other = await section((await createCourse(server, cast.owner.accessToken)).id, "Elsewhere");
    for (const ids of [[a.id, b.id], [a.id, b.id, c.id, c.id], [a.id, b.id, other.id], [a.id, b.id, c.id, other.id], ["junk", a.id, b.id]]) {
      const result = await server.graphql(REORDER_SECTIONS, { courseId: course.id, ids }, { token: cast.owner.accessToken });
      expect(result.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { sectionIds: expect.any(String) } });
    }
    const reordered = await as(cast.owner.accessToken, REORDER_SECTIONS, { courseId: course.id, ids: [c.id, a.id, b.id] });
    expect(reordered.sections).toEqual([{ id: c.id, position: 0 }, { id: a.id, position: 1 }, { id: b.id, position: 2 }]);
  });

  it("concurrent reorders apply atomically: the result is one of the requested orders, dense", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await section(course.id, `S${i}`)).id);
    // Every rotation of the list, forwards and backwards: twelve different orders at once.
    const rotations = ids.map((_, n) => [...ids.slice(n), ...ids.slice(0, n)]);
    const orders = [...rotations, ...rotations.map((order) => [...order].reverse())];
    const results = await Promise.all(
      orders.map((order) => server.graphql(REORDER_SECTIONS, { courseId: course.id, ids: order }, { token: cast.owner.accessToken })),
    );
    expect(results.every((result) => result.errors === undefined)).toBe(true);
    const final = (await structure(course.id)).sections;
    expect(positions(final)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(orders.map((order) => order.join())).toContain(final.map((s: { id: string }) => s.id).join());
  });
});

describe("videos", () => {
  it("start as DRAFT at the end or a given position, and play in section order", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const [one, two] = [await section(course.id, "One"), await section(course.id, "Two")];
    await video(course.id, "Two-a", { sectionId: two.id });
    const created = await video(course.id, "One-b", { sectionId: one.id, isPreview: true });
    expect(created).toMatchObject({ status: "DRAFT", isPreview: true, position: 0, section: { id: one.id }, course: { id: course.id } });
    await video(course.id, "One-a", { sectionId: one.id, position: 0 });
    await video(course.id, "Intro");
    await server.db.video.updateMany({ where: { courseId: databaseId(course.id) }, data: { durationSeconds: 90 } });

    const result = await structure(course.id);
    expect(titles(result.videos)).toEqual(["Intro", "One-a", "One-b", "Two-a"]);
    expect(result.sections.map((s: { videos: { title: string }[] }) => titles(s.videos))).toEqual([["One-a", "One-b"], ["Two-a"]]);
    expect(result).toMatchObject({ videoCount: 4, totalDurationSeconds: 360 });

    await as(cast.owner.accessToken, REORDER_SECTIONS, { courseId: course.id, ids: [two.id, one.id] });
    expect(titles((await structure(course.id)).videos)).toEqual(["Intro", "Two-a", "One-a", "One-b"]);
  });

  it("move between sections to the end of the new one, leaving both dense", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const [one, two] = [await section(course.id, "One"), await section(course.id, "Two")];
    const a = await video(course.id, "A", { sectionId: one.id });
    await video(course.id, "B", { sectionId: one.id });
    await video(course.id, "C", { sectionId: two.id });
    const moved = await as(cast.owner.accessToken, UPDATE_VIDEO, { id: a.id, input: { sectionId: two.id } });
    expect(moved).toMatchObject({ position: 1, section: { id: two.id } });
    const loose = await as(cast.owner.accessToken, UPDATE_VIDEO, { id: a.id, input: { sectionId: null } });
    expect(loose).toMatchObject({ position: 0, section: null });
    const result = await structure(course.id);
    expect(result.sections.map((s: { videos: { position: number }[] }) => positions(s.videos))).toEqual([[0], [0]]);
    const elsewhere = await section((await createCourse(server, cast.owner.accessToken)).id, "Elsewhere");
    const foreign = await server.graphql(UPDATE_VIDEO, { id: a.id, input: { sectionId: elsewhere.id } }, { token: cast.owner.accessToken });
    expect(foreign.errors?.[0].extensions).toEqual({ code: "BAD_USER_INPUT", fields: { sectionId: "is not a section of this course" } });
  });

  it("reorder within a section or the unsectioned list, exact set only, and delete densely", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const part = await section(course.id, "Part");
    const [a, b, c] = [await video(course.id, "A"), await video(course.id, "B"), await video(course.id, "C")];
    const inPart = await video(course.id, "P", { sectionId: part.id });
    const wrong = await server.graphql(REORDER_VIDEOS, { courseId: course.id, ids: [a.id, b.id, c.id, inPart.id] }, { token: cast.owner.accessToken });
    expect(wrong.errors?.[0].extensions.fields).toHaveProperty("videoIds");
    const reordered = await as(cast.owner.accessToken, REORDER_VIDEOS, { courseId: course.id, ids: [c.id, a.id, b.id] });
    expect(reordered).toEqual([{ id: c.id, position: 0 }, { id: a.id, position: 1 }, { id: b.id, position: 2 }]);
    const partOrder = await as(cast.owner.accessToken, REORDER_VIDEOS, { courseId: course.id, sectionId: part.id, ids: [inPart.id] });
    expect(partOrder).toEqual([{ id: inPart.id, position: 0 }]);
    await as(cast.owner.accessToken, DELETE_VIDEO, { id: a.id });
    const result = await structure(course.id);
    expect(titles(result.videos)).toEqual(["C", "B", "P"]);
    expect(positions(result.videos)).toEqual([0, 1, 0]);
  });

  it("concurrent reorders of videos apply atomically", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await video(course.id, `V${i}`)).id);
    const orders = Array.from({ length: 10 }, (_, n) => [...ids.slice(n % 5), ...ids.slice(0, n % 5)].reverse());
    const results = await Promise.all(
      orders.map((order) => server.graphql(REORDER_VIDEOS, { courseId: course.id, ids: order }, { token: cast.owner.accessToken })),
    );
    expect(results.map((result) => result.errors)).toEqual(orders.map(() => undefined));
    const final = (await structure(course.id)).videos;
    expect(positions(final)).toEqual([0, 1, 2, 3, 4]);
    expect(orders.map((order) => order.join())).toContain(final.map((v: { id: string }) => v.id).join());
  });

  it("validate titles, descriptions and positions", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    for (const [input, field] of [
      [{ title: "" }, "title"],
      [{ title: "  " }, "title"],
      [{ title: "x".repeat(201) }, "title"],
      [{ title: "ok", description: "d".repeat(5001) }, "description"],
      [{ title: "ok", position: 1 }, "position"],
      [{ title: "ok", sectionId: course.id }, "sectionId"],
    ] as const) {
      const result = await server.graphql(CREATE_VIDEO, { input: { courseId: course.id, ...input } }, { token: cast.owner.accessToken });
      expect(result.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { [field]: expect.any(String) } });
    }
    expect(await server.db.video.count({ where: { courseId: databaseId(course.id) } })).toBe(0);
  });
});

describe("what a published course shows", () => {
  it("shows learners and anonymous visitors only ready videos and the sections holding one; its instructors and admins everything", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    await addCoInstructor(server, cast.owner.accessToken, course.id, cast.coInstructor.id);
    const filled = await section(course.id, "Filled");
    await section(course.id, "Empty");
    const unfinished = await section(course.id, "Only unfinished videos");
    await video(course.id, "Unsectioned, no file yet");
    await video(course.id, "Failed upload", { sectionId: unfinished.id });
    const ready = await video(course.id, "Ready", { sectionId: filled.id });
    const replacing = await video(course.id, "Replacing its file", { sectionId: filled.id });
    await video(course.id, "No file yet", { sectionId: filled.id });
    await server.db.video.update({ where: { id: databaseId(ready.id) }, data: { status: "READY", fileKey: "k/ready.mp4", durationSeconds: 90 } });
    // A new upload in progress: the previous file still plays.
    await server.db.video.update({ where: { id: databaseId(replacing.id) }, data: { status: "UPLOADING", fileKey: "k/old.mp4", durationSeconds: 30 } });
    await server.db.video.updateMany({ where: { title: "Failed upload" }, data: { status: "FAILED", processingError: "bad" } });
    expect((await server.graphql(PUBLISH, { id: course.id }, { token: cast.owner.accessToken })).data?.publishCourse.status).toBe("PUBLISHED");

    const shownTo = async (token?: string) => (await server.graphql(STRUCTURE, { id: course.id }, { token })).data!.course;
    const learnersSee = {
      videoCount: 2,
      totalDurationSeconds: 120,
      sections: [{ id: filled.id, title: "Filled", position: 0, videos: [expect.objectContaining({ title: "Ready" }), expect.objectContaining({ title: "Replacing its file" })] }],
      videos: [expect.objectContaining({ title: "Ready" }), expect.objectContaining({ title: "Replacing its file" })],
    };
    expect(await shownTo()).toEqual(learnersSee);
    expect(await shownTo(cast.student.accessToken)).toEqual(learnersSee);
    expect(await shownTo(cast.otherInstructor.accessToken)).toEqual(learnersSee);
    for (const editor of ["owner", "coInstructor", "admin"] as const) {
      const full = await shownTo(cast[editor].accessToken);
      expect(titles(full.sections)).toEqual(["Filled", "Empty", "Only unfinished videos"]);
      expect(full.videoCount).toBe(5);
      expect(full.totalDurationSeconds).toBe(120);
    }
  });
});

describe("Query.node", () => {
  it("answers sections and videos of a draft only to its instructors", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const part = await section(course.id, "Part");
    const clip = await video(course.id, "Clip", { sectionId: part.id });
    const NODE = `query ($id: ID!) { node(id: $id) { id ... on Section { title course { id } } ... on Video { title section { title } } } }`;
    const asOwner = await server.graphql(NODE, { id: part.id }, { token: cast.owner.accessToken });
    expect(asOwner.data!.node).toEqual({ id: part.id, title: "Part", course: { id: course.id } });
    const videoAsOwner = await server.graphql(NODE, { id: clip.id }, { token: cast.owner.accessToken });
    expect(videoAsOwner.data!.node).toEqual({ id: clip.id, title: "Clip", section: { title: "Part" } });
    for (const id of [part.id, clip.id]) {
      expect((await server.graphql(NODE, { id }, { token: cast.student.accessToken })).data).toEqual({ node: null });
    }
  });
});

describe("who may change the structure", () => {
  it("the owner, co-instructors and admins; another instructor sees nothing, a student is refused", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    await addCoInstructor(server, cast.owner.accessToken, course.id, cast.coInstructor.id);
    const input = { title: "By someone" };
    for (const actor of ["owner", "coInstructor", "admin"] as const) {
      const result = await server.graphql(CREATE_SECTION, { courseId: course.id, input }, { token: cast[actor].accessToken });
      expect(result.data?.createSection.title).toBe("By someone");
    }
    const expected = { otherInstructor: "NOT_FOUND", student: "FORBIDDEN" } as const;
    for (const actor of ["otherInstructor", "student"] as const) {
      const result = await server.graphql(CREATE_SECTION, { courseId: course.id, input }, { token: cast[actor].accessToken });
      expect(result.errors?.[0].extensions.code).toBe(expected[actor]);
    }
    const anonymous = await server.graphql(CREATE_SECTION, { courseId: course.id, input });
    expect(anonymous.errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
    expect((await structure(course.id)).sections).toHaveLength(3);
  });
});
