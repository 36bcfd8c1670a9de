// Video metadata through the public API: visibility, WebVTT transcripts, and who may read them.
import { startTestServer, type TestServer, UNTHROTTLED } from "../../../test/support/test-server.ts";
import { createCourse, PUBLISH } from "../catalog/catalog.fixtures.ts";
import { addReadyVideo } from "./media.fixtures.ts";
import { type Cast, signUp, signUpCast } from "../identity/identity.fixtures.ts";
import { enrollAs } from "../learning/learning.fixtures.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { videoStatusChanged } from "./video-status.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  // The default 1 MB body limit leaves no room for a 1 MB transcript plus the rest of the request.
  server = await startTestServer({ ...UNTHROTTLED, MAX_BODY_BYTES: "4194304" });
  cast = await signUpCast(server);
});
afterAll(() => server.close());

const VIDEO = `query ($id: ID!) { video(id: $id) { id title transcriptVtt isPreview status course { id } } }`;
const CREATE_VIDEO = `mutation ($input: CreateVideoInput!) { createVideo(input: $input) { id } }`;
const UPDATE_VIDEO = `mutation ($id: ID!, $input: UpdateVideoInput!) { updateVideo(id: $id, input: $input) { id title description isPreview transcriptVtt } }`;
const VTT = "WEBVTT\n\n00:00.000 --> 00:02.500\nHello and welcome.\n\n00:02.500 --> 00:05.000\nLet us begin.\n";

async function draftVideo(courseId: string, title = "Lesson") {
  const result = await server.graphql(CREATE_VIDEO, { input: { courseId, title } }, { token: cast.owner.accessToken });
  return result.data!.createVideo.id as string;
}

describe("video(id)", () => {
  it("shows a draft course's video only to its instructors and admins", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const id = await draftVideo(course.id);
    expect((await server.graphql(VIDEO, { id }, { token: cast.owner.accessToken })).data!.video).toMatchObject({ id, status: "DRAFT" });
    expect((await server.graphql(VIDEO, { id }, { token: cast.admin.accessToken })).data!.video.id).toBe(id);
    for (const token of [cast.student.accessToken, cast.otherInstructor.accessToken, undefined]) {
      expect((await server.graphql(VIDEO, { id }, { token })).data).toEqual({ video: null });
    }
    const node = await server.graphql(`query ($id: ID!) { node(id: $id) { ... on Video { title } } }`, { id });
    expect(node.data).toEqual({ node: null });
  });

  it("refuses an id of another type as BAD_USER_INPUT naming it", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const result = await server.graphql(VIDEO, { id: course.id });
    expect(result.errors?.[0].extensions).toEqual({ code: "BAD_USER_INPUT", fields: { id: "is not a valid Video id" } });
  });
});

describe("transcripts", () => {
  it("are stored when valid WebVTT and removed with an empty string", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const id = await draftVideo(course.id);
    const stored = await server.graphql(UPDATE_VIDEO, { id, input: { transcriptVtt: VTT, description: " About it " } }, { token: cast.owner.accessToken });
    expect(stored.data!.updateVideo).toMatchObject({ transcriptVtt: VTT, description: "About it", title: "Lesson" });
    const cleared = await server.graphql(UPDATE_VIDEO, { id, input: { transcriptVtt: "" } }, { token: cast.owner.accessToken });
    expect(cleared.data!.updateVideo.transcriptVtt).toBeNull();
  });

  it("accept a transcript of just under 1 MB", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const id = await draftVideo(course.id);
    const cue = "00:00.000 --> 00:01.000\nWords words words.\n\n";
    const transcriptVtt = `WEBVTT\n\n${cue.repeat(Math.floor((1_048_576 - 8) / cue.length))}`;
    expect(Buffer.byteLength(transcriptVtt)).toBeGreaterThan(1_040_000);
    const result = await server.graphql(UPDATE_VIDEO, { id, input: { transcriptVtt } }, { token: cast.owner.accessToken });
    expect(result.data?.updateVideo.transcriptVtt).toBe(transcriptVtt);
  });

  it.each([
    ["no signature", "Hello\n\n00:00.000 --> 00:01.000\nx\n"],
    ["an end before the start", "WEBVTT\n\n00:05.000 --> 00:02.000\nbackwards\n"],
    ["a malformed timestamp", "WEBVTT\n\nxx:yy --> 00:01.000\nbad\n"],
    ["an HTML payload", "<script>alert(1)</script>"],
    ["more than 1 MB", `WEBVTT\n\n00:00.000 --> 00:01.000\n${"é".repeat(524_288)}\n`],
  ])("refuses %s with BAD_USER_INPUT naming transcriptVtt and keeps the old one", async (_problem, transcriptVtt) => {
    const course = await createCourse(server, cast.owner.accessToken);
    const id = await draftVideo(course.id);
    await server.graphql(UPDATE_VIDEO, { id, input: { transcriptVtt: VTT } }, { token: cast.owner.accessToken });
    const result = await server.graphql(UPDATE_VIDEO, { id, input: { transcriptVtt, title: "Changed" } }, { token: cast.owner.accessToken });
    expect(result.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { transcriptVtt: expect.any(String) } });
    const after = await server.graphql(VIDEO, { id }, { token: cast.owner.accessToken });
    expect(after.data!.video).toMatchObject({ transcriptVtt: VTT, title: "Lesson" });
  });

  it("are shown to whoever may watch the video (anyone on a preview, the course's learners, its team), to no one else", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const [preview, lesson] = [await draftVideo(course.id, "Preview"), await draftVideo(course.id, "Lesson")];
    await server.graphql(UPDATE_VIDEO, { id: preview, input: { transcriptVtt: VTT, isPreview: true } }, { token: cast.owner.accessToken });
    await server.graphql(UPDATE_VIDEO, { id: lesson, input: { transcriptVtt: VTT } }, { token: cast.owner.accessToken });
    await addReadyVideo(server, course.id);
    await server.graphql(PUBLISH, { id: course.id }, { token: cast.owner.accessToken });

    expect((await server.graphql(VIDEO, { id: preview })).data!.video).toMatchObject({ isPreview: true, transcriptVtt: VTT });
    expect((await server.graphql(VIDEO, { id: lesson }, { token: cast.student.accessToken })).data!.video.transcriptVtt).toBeNull();
    expect((await server.graphql(VIDEO, { id: lesson }, { token: cast.owner.accessToken })).data!.video.transcriptVtt).toBe(VTT);
    // Captions for the learners who watch it.
    const learner = await signUp(server);
    await enrollAs(server, learner.accessToken, course.id);
    expect((await server.graphql(VIDEO, { id: lesson }, { token: learner.accessToken })).data!.video.transcriptVtt).toBe(VTT);
  });

  it("may not be changed by a student of a published course", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const id = await draftVideo(course.id);
    await addReadyVideo(server, course.id);
    await server.graphql(PUBLISH, { id: course.id }, { token: cast.owner.accessToken });
    const asStudent = await server.graphql(UPDATE_VIDEO, { id, input: { title: "Mine now" } }, { token: cast.student.accessToken });
    expect(asStudent.errors?.[0].extensions.code).toBe("FORBIDDEN");
    const asOther = await server.graphql(UPDATE_VIDEO, { id, input: { title: "Mine now" } }, { token: cast.otherInstructor.accessToken });
    expect(asOther.errors?.[0].extensions.code).toBe("FORBIDDEN");
  });
});

describe("updateVideo beside the processing jobs", () => {
  // A job changes a video's status holding its row, then writes the status event (which takes the
  // video's event lock). An edit of the transcript, whose own event takes that lock too, must take
  // the row first as well, or each waits for the other and PostgreSQL aborts one as a deadlock.
  it("waits for a job holding the video's row and then succeeds, and so does the job", async () => {
    const course = await createCourse(server, cast.owner.accessToken);
    const id = await draftVideo(course.id);
    const videoId = databaseId(id);
    let edit: ReturnType<typeof server.graphql<{ updateVideo: { transcriptVtt: string } }>> | undefined;
    await server.db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM videos WHERE id = ${videoId}::uuid FOR UPDATE`;
      edit = server.graphql<{ updateVideo: { transcriptVtt: string } }>(UPDATE_VIDEO, { id, input: { transcriptVtt: VTT } }, { token: cast.owner.accessToken });
      await waitUntil("the edit waiting for a lock", async () => {
        const [{ waiting }] = await server.db.$queryRaw<{ waiting: number }[]>`
          SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
        return waiting > 0;
      });
      await videoStatusChanged(tx, { id: videoId, courseId: databaseId(course.id) });
    });
    const edited = await edit!;
    expect(edited.errors).toBeUndefined();
    expect(edited.data!.updateVideo.transcriptVtt).toBe(VTT);
  });
});
