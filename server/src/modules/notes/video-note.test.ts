// Notes and bookmarks through the public API: kept, changed, deleted and listed by playing order
// then moment; private to their author (everyone else: NOT_FOUND); bad input refused naming its
// field with nothing written; the course's outsiders refused; the cap per course; no N+1 in the list.
import { randomUUID } from "node:crypto";
import { refusedWithoutWriting } from "../../../test/support/database-state.ts";
import { expectError } from "../../../test/support/errors.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { statementsFor } from "../../../test/support/statements.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { toGlobalId } from "../../platform/ids.ts";
import { signUp, signUpCast, type Cast, type TestAccount } from "../identity/identity.fixtures.ts";
import { courseToLearn, enrollAs } from "../learning/learning.fixtures.ts";
import { COURSE_NOTES, CREATE_NOTE, createNoteAs, DELETE_NOTE, UPDATE_NOTE } from "./notes.fixtures.ts";
import { MAX_NOTES_PER_COURSE, NOTE_MAX_CHARS } from "./video-note.service.ts";

let server: TestServer;
let cast: Cast;
/** A course of the owner with videos of 90 s and 45.5 s, in this playing order; the student and otherStudent are enrolled. */
let course: { courseId: string; videoIds: string[] };

beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
  course = await courseToLearn(server, cast.owner.accessToken, [90, 45.5]);
  await enrollAs(server, cast.student.accessToken, course.courseId);
  await enrollAs(server, cast.otherStudent.accessToken, course.courseId);
});
afterAll(() => server.close());

const create = (token: string, input: Record<string, unknown>) => server.graphql(CREATE_NOTE, { input }, { token });
const listNotes = (token: string, variables: Record<string, unknown> = {}) =>
  server.graphql(COURSE_NOTES, { courseId: course.courseId, ...variables }, { token });

/** A new learner enrolled in the course, whose notes no other test touches. */
async function newLearner(): Promise<TestAccount> {
  const learner = await signUp(server);
  await enrollAs(server, learner.accessToken, course.courseId);
  return learner;
}


describe("keeping notes", () => {
  it("creates a note and a bookmark, lists them by playing order then moment, updates and deletes one", async () => {
    const learner = await newLearner();
    const [first, second] = course.videoIds;
    // Made out of order: the list puts them in the course's order.
    const late = await createNoteAs(server, learner.accessToken, { videoId: second, positionSeconds: 40, text: "  Ends with a summary.\n\tReview it.  " });
    const bookmark = (await create(learner.accessToken, { videoId: first, positionSeconds: 61.25, kind: "BOOKMARK" })).data!.createVideoNote;
    const early = await createNoteAs(server, learner.accessToken, { videoId: first, positionSeconds: 5, text: "Generics start here." });
    expect(late).toMatchObject({ kind: "NOTE", positionSeconds: 40, text: "Ends with a summary.\n\tReview it.", video: { id: second } });
    expect(bookmark).toMatchObject({ kind: "BOOKMARK", positionSeconds: 61.25, text: "", video: { id: first } });

    const listed = (await listNotes(learner.accessToken)).data!.course.viewerNotes;
    expect(listed.totalCount).toBe(3);
    expect(listed.nodes.map((note: any) => note.id)).toEqual([early.id, bookmark.id, late.id]);
    expect(listed.nodes[0]).toMatchObject({ video: { id: first, title: "Lesson 1", durationSeconds: 90 }, text: "Generics start here." });

    const updated = await server.graphql(UPDATE_NOTE, { input: { id: early.id, text: "Generics begin here.", positionSeconds: 7.5 } }, { token: learner.accessToken });
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateVideoNote).toMatchObject({ id: early.id, text: "Generics begin here.", positionSeconds: 7.5, kind: "NOTE" });
    const stored = await server.db.videoNote.findUniqueOrThrow({ where: { id: databaseId(early.id) } });
    expect(stored).toMatchObject({ text: "Generics begin here.", positionSeconds: 7.5 });
    expect(stored.updatedAt.getTime()).toBeGreaterThanOrEqual(stored.createdAt.getTime());

    // Without positionSeconds the moment stays.
    const textOnly = await server.graphql(UPDATE_NOTE, { input: { id: bookmark.id, text: "Come back to this." } }, { token: learner.accessToken });
    expect(textOnly.data!.updateVideoNote).toMatchObject({ text: "Come back to this.", positionSeconds: 61.25 });

    const deleted = await server.graphql(DELETE_NOTE, { id: late.id }, { token: learner.accessToken });
    expect(deleted.data).toEqual({ deleteVideoNote: true });
    expect(await server.db.videoNote.count({ where: { id: databaseId(late.id) } })).toBe(0);
    const after = (await listNotes(learner.accessToken)).data!.course.viewerNotes;
    expect(after.nodes.map((note: any) => [note.id, note.positionSeconds])).toEqual([[early.id, 7.5], [bookmark.id, 61.25]]);
  });

  it("pages through the notes with signed cursors and lists one video's alone", async () => {
    const learner = await newLearner();
    const [first, second] = course.videoIds;
    const made = [];
    for (const [videoId, positionSeconds] of [[first, 1], [first, 2], [second, 3], [second, 0]] as const) {
      made.push(await createNoteAs(server, learner.accessToken, { videoId, positionSeconds }));
    }
    const page1 = (await listNotes(learner.accessToken, { first: 3 })).data!.course.viewerNotes;
    expect(page1.nodes.map((note: any) => note.id)).toEqual([made[0].id, made[1].id, made[3].id]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await listNotes(learner.accessToken, { first: 3, after: page1.pageInfo.endCursor })).data!.course.viewerNotes;
    expect(page2.nodes.map((note: any) => note.id)).toEqual([made[2].id]);
    expect(page2.pageInfo.hasNextPage).toBe(false);

    const ofSecond = (await listNotes(learner.accessToken, { videoId: second })).data!.course.viewerNotes;
    expect(ofSecond.nodes.map((note: any) => note.id)).toEqual([made[3].id, made[2].id]);
    expect(ofSecond.totalCount).toBe(2);
  });

  it("lets the course's instructor keep notes of their own while previewing", async () => {
    const note = await createNoteAs(server, cast.owner.accessToken, { videoId: course.videoIds[0], positionSeconds: 30, text: "Re-record this part." });
    const listed = (await listNotes(cast.owner.accessToken)).data!.course.viewerNotes;
    expect(listed.nodes.map((each: any) => each.id)).toEqual([note.id]);
  });
});

describe("privacy", () => {
  let note: { id: string };
  beforeAll(async () => {
    note = await createNoteAs(server, cast.student.accessToken, { videoId: course.videoIds[0], positionSeconds: 10, text: "Only mine." });
  });

  it("never lists a learner's notes to another learner or to the course's instructor", async () => {
    for (const token of [cast.otherStudent.accessToken, cast.owner.accessToken, cast.admin.accessToken]) {
      const listed = (await listNotes(token, { first: 100 })).data!.course.viewerNotes;
      expect(listed.nodes.map((each: any) => each.id)).not.toContain(note.id);
    }
    const own = (await listNotes(cast.student.accessToken, { first: 100 })).data!.course.viewerNotes;
    expect(own.nodes.map((each: any) => each.id)).toContain(note.id);
  });

  it.each(["otherStudent", "owner", "admin"] as const)("answers %s NOT_FOUND for the note, and changes nothing", async (person) => {
    const token = cast[person].accessToken;
    const update = await refusedWithoutWriting(server, () => server.graphql(UPDATE_NOTE, { input: { id: note.id, text: "Not theirs." } }, { token }));
    expectError(update, "NOT_FOUND");
    const remove = await refusedWithoutWriting(server, () => server.graphql(DELETE_NOTE, { id: note.id }, { token }));
    expectError(remove, "NOT_FOUND");
    const node = await server.graphql(`query ($id: ID!) { node(id: $id) { id } }`, { id: note.id }, { token });
    expect(node.data).toEqual({ node: null });
  });

  it("shows the author their note through Query.node", async () => {
    const node = await server.graphql(`query ($id: ID!) { node(id: $id) { id ... on VideoNote { text } } }`, { id: note.id }, { token: cast.student.accessToken });
    expect(node.data).toEqual({ node: { id: note.id, text: "Only mine." } });
  });
});

describe("bad input: BAD_USER_INPUT naming the field, nothing written", () => {
  const valid = () => ({ videoId: course.videoIds[1], positionSeconds: 10, kind: "NOTE", text: "Fine." });
  const cases: [string, Record<string, unknown>, string][] = [
    ["a text over the limit", { text: "x".repeat(NOTE_MAX_CHARS + 1) }, "text"],
    ["a control character", { text: "Ring the bell \u0007" }, "text"],
    ["a lone carriage return", { text: "one\rtwo" }, "text"],
    ["an empty note", { text: "   \n " }, "text"],
    ["a negative position", { positionSeconds: -0.5 }, "positionSeconds"],
    ["a position beyond the video's duration", { positionSeconds: 45.6 }, "positionSeconds"],
    ["a forged video id", { videoId: "not-an-id" }, "videoId"],
    ["a course's id for the video", { videoId: "COURSE" }, "videoId"],
    ["an unknown video", { videoId: toGlobalId("Video", randomUUID()) }, "videoId"],
  ];

  it.each(cases)("refuses %s", async (_case, change, field) => {
    const input = { ...valid(), ...change, ...(change.videoId === "COURSE" ? { videoId: course.courseId } : {}) };
    const result = await refusedWithoutWriting(server, () => create(cast.student.accessToken, input));
    expectError(result, "BAD_USER_INPUT");
    expect(Object.keys(result.errors![0].extensions.fields)).toEqual([field]);
  });

  it("takes a text of exactly the limit, newlines and tabs included", async () => {
    const text = `${"y".repeat(NOTE_MAX_CHARS - 3)}\n\tz`;
    expect(text).toHaveLength(NOTE_MAX_CHARS);
    const result = await create(cast.student.accessToken, { ...valid(), text });
    expect(result.errors).toBeUndefined();
    expect((await server.db.videoNote.findUniqueOrThrow({ where: { id: databaseId(result.data!.createVideoNote.id) } })).text).toBe(text);
  });

  it("refuses bad updates: too long, empty for a note, beyond the video, a forged id", async () => {
    const note = await createNoteAs(server, cast.student.accessToken, { videoId: course.videoIds[1], positionSeconds: 2, text: "Keep me." });
    const updates: [Record<string, unknown>, string][] = [
      [{ id: note.id, text: "x".repeat(NOTE_MAX_CHARS + 1) }, "text"],
      [{ id: note.id, text: "" }, "text"],
      [{ id: note.id, text: "tab\tand bell\u0007" }, "text"],
      [{ id: note.id, text: "Fine.", positionSeconds: 46 }, "positionSeconds"],
      [{ id: "forged", text: "Fine." }, "id"],
      [{ id: course.videoIds[1], text: "Fine." }, "id"],
    ];
    for (const [input, field] of updates) {
      const result = await refusedWithoutWriting(server, () => server.graphql(UPDATE_NOTE, { input }, { token: cast.student.accessToken }));
      expectError(result, "BAD_USER_INPUT");
      expect(Object.keys(result.errors![0].extensions.fields)).toEqual([field]);
    }
    expect(await server.db.videoNote.findUniqueOrThrow({ where: { id: databaseId(note.id) } })).toMatchObject({ text: "Keep me.", positionSeconds: 2 });
  });

  it("refuses a forged cursor and a video of another course in the list", async () => {
    const forged = await listNotes(cast.student.accessToken, { after: "eyJhIjoxfQ.AAAAAAAAAAAAAAAAAAAAAA" });
    expectError(forged, "BAD_USER_INPUT");
    expect(forged.errors![0].extensions.fields).toEqual({ after: "is not a valid cursor" });
    const other = await courseToLearn(server, cast.owner.accessToken, [20]);
    const foreign = await listNotes(cast.student.accessToken, { videoId: other.videoIds[0] });
    expectError(foreign, "BAD_USER_INPUT");
    expect(Object.keys(foreign.errors![0].extensions.fields as object)).toEqual(["videoId"]);
  });
});

describe("outsiders", () => {
  it("refuses a person not enrolled in the course with FORBIDDEN, writing nothing, and shows them no notes", async () => {
    const outsider = await signUp(server);
    const result = await refusedWithoutWriting(server, () => create(outsider.accessToken, { videoId: course.videoIds[0], positionSeconds: 1, kind: "BOOKMARK" }));
    expectError(result, "FORBIDDEN", "NOTES_NOT_COURSE_LEARNER");
    const listed = await listNotes(outsider.accessToken);
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.course).toMatchObject({ id: course.courseId, viewerNotes: null });
  });

  it("refuses an API key, even its owner's with every scope, and shows it no notes", async () => {
    const result = await refusedWithoutWriting(server, () => create(cast.keys.ownerKey, { videoId: course.videoIds[0], positionSeconds: 1, kind: "BOOKMARK" }));
    expectError(result, "FORBIDDEN");
    const listed = await listNotes(cast.keys.ownerKey);
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.course).toMatchObject({ id: course.courseId, viewerNotes: null });
  });
});

describe("the cap per learner and course", () => {
  it(`keeps ${MAX_NOTES_PER_COURSE} notes in a course and refuses one more, writing nothing`, async () => {
    const learner = await newLearner();
    const userId = databaseId(learner.id);
    const courseId = databaseId(course.courseId);
    const videoId = databaseId(course.videoIds[0]);
    await server.db.videoNote.createMany({
      data: Array.from({ length: MAX_NOTES_PER_COURSE - 1 }, (_, index) => ({ userId, courseId, videoId, kind: "BOOKMARK" as const, positionSeconds: index % 90 })),
    });
    const last = await create(learner.accessToken, { videoId: course.videoIds[0], positionSeconds: 1, kind: "BOOKMARK" });
    expect(last.errors).toBeUndefined();
    const refused = await refusedWithoutWriting(server, () => create(learner.accessToken, { videoId: course.videoIds[1], positionSeconds: 1, kind: "BOOKMARK" }));
    expectError(refused, "BAD_USER_INPUT", "VIDEO_NOTE_LIMIT_REACHED");
    expect(Object.keys(refused.errors![0].extensions.fields)).toEqual(["videoId"]);
    expect(await server.db.videoNote.count({ where: { userId } })).toBe(MAX_NOTES_PER_COURSE);
  });
});

describe("no N+1", () => {
  it("lists a page of 10 notes, with their videos, in as many statements as a page of 2", async () => {
    const learner = await newLearner();
    for (let index = 0; index < 10; index++) {
      await createNoteAs(server, learner.accessToken, { videoId: course.videoIds[index % 2], positionSeconds: index });
    }
    const list = (data: any) => data.course.viewerNotes.nodes;
    const two = await statementsFor(server, COURSE_NOTES, { courseId: course.courseId, first: 2 }, learner.accessToken, list);
    const ten = await statementsFor(server, COURSE_NOTES, { courseId: course.courseId, first: 10 }, learner.accessToken, list);
    expect(ten.items.map((note: any) => note.video.id)).toEqual([...Array(5).fill(course.videoIds[0]), ...Array(5).fill(course.videoIds[1])]);
    expect(ten.statements).toBe(two.statements);
    console.log(`viewerNotes statements: ${two.statements} for 2 notes, ${ten.statements} for 10`);
  });
});
