// A course's cover: an image its instructors upload straight to storage (checked on completion),
// else the URL they set, else the thumbnail of its first READY video.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startTestServer, type TestServer } from "../../../test/support/test-server.ts";
import { addReadyVideoWithThumbnail, publishedCourse } from "../media/media.fixtures.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { type Cast, signUpCast } from "../identity/identity.fixtures.ts";
import { UPDATE_COURSE } from "./catalog.fixtures.ts";

let server: TestServer;
let cast: Cast;
let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "cover-test-"));
  server = await startTestServer({ DATA_DIR: workDir });
  cast = await signUpCast(server);
});
afterAll(async () => {
  await server.close();
  await rm(workDir, { recursive: true, force: true });
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 9)]);

const COVER = `query ($id: ID!) { course(id: $id) { thumbnailUrl hasOwnCover } }`;
const START = `mutation ($courseId: ID!, $input: StartCourseCoverUploadInput!) {
  startCourseCoverUpload(courseId: $courseId, input: $input) { uploadId url expiresAt }
}`;
const COMPLETE = `mutation ($courseId: ID!, $uploadId: String!) { completeCourseCoverUpload(courseId: $courseId, uploadId: $uploadId) { thumbnailUrl hasOwnCover } }`;
const REMOVE = `mutation ($courseId: ID!) { removeCourseCover(courseId: $courseId) { thumbnailUrl hasOwnCover } }`;

/** Local storage URLs start with PUBLIC_URL; the test server listens on a port chosen later. */
const reachable = (url: string) => {
  const publicUrl = server.app.platform.config.publicUrl;
  return url.startsWith(publicUrl) ? server.url + url.slice(publicUrl.length) : url;
};

async function storedKeys(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of server.app.platform.storage.listObjects(prefix)) keys.push(...page.map((object) => object.key));
  return keys;
}

/** A READY video whose thumbnail is in storage, as processing leaves it. */
async function readyVideoWithThumbnail(courseId: string, thumbnail: Buffer): Promise<string> {
  const file = path.join(workDir, `${randomUUID()}.jpg`);
  await writeFile(file, thumbnail);
  return (await addReadyVideoWithThumbnail(server, courseId, file)).thumbnailKey!;
}

async function uploadCover(courseId: string, body: Buffer, contentType: string, token = cast.owner.accessToken) {
  const started = await server.graphql(START, { courseId, input: { contentType, sizeBytes: body.length } }, { token });
  expect(started.errors).toBeUndefined();
  const { uploadId, url } = started.data!.startCourseCoverUpload;
  const put = await fetch(reachable(url), { method: "PUT", headers: { "Content-Type": contentType }, body });
  expect(put.status).toBe(200);
  return { uploadId: uploadId as string, url: url as string };
}

async function fetched(url: string) {
  const response = await fetch(reachable(url));
  return { status: response.status, contentType: response.headers.get("content-type"), bytes: Buffer.from(await response.arrayBuffer()) };
}

describe("without a cover of its own", () => {
  it("answers the thumbnail of the first READY video in playing order, for anyone who can see the course", async () => {
    const course = await publishedCourse(server, cast.owner.accessToken, { title: "Fallback cover" });
    const courseId = databaseId(course.id);
    // publishedCourse's video has no thumbnail; the second one is the first READY one with a frame.
    await readyVideoWithThumbnail(course.id, JPEG);
    const { data } = await server.graphql(COVER, { id: course.id });
    expect(data!.course.hasOwnCover).toBe(false);
    expect(await fetched(data!.course.thumbnailUrl)).toMatchObject({ status: 200, contentType: "image/jpeg", bytes: JPEG });
    expect(await server.db.course.findUniqueOrThrow({ where: { id: courseId }, select: { coverKey: true, thumbnailUrl: true } })).toEqual({
      coverKey: null,
      thumbnailUrl: null,
    });
  });

  it("answers null when no video is READY with a thumbnail, and the URL the instructors set before any thumbnail", async () => {
    const course = await publishedCourse(server, cast.owner.accessToken, { title: "No frame yet" });
    expect((await server.graphql(COVER, { id: course.id })).data!.course).toEqual({ thumbnailUrl: null, hasOwnCover: false });
    await readyVideoWithThumbnail(course.id, JPEG);
    await server.graphql(UPDATE_COURSE, { id: course.id, input: { thumbnailUrl: "https://images.example.com/cover.png" } }, { token: cast.owner.accessToken });
    expect((await server.graphql(COVER, { id: course.id })).data!.course).toEqual({ thumbnailUrl: "https://images.example.com/cover.png", hasOwnCover: true });
  });
});

describe("an uploaded cover", () => {
  it("becomes the cover once completed, replaces the previous one, and goes with removeCourseCover", async () => {
    const course = await publishedCourse(server, cast.owner.accessToken, { title: "Uploaded cover" });
    const courseId = databaseId(course.id);
    await readyVideoWithThumbnail(course.id, JPEG);
    const first = await uploadCover(course.id, PNG, "image/png");
    const completed = await server.graphql(COMPLETE, { courseId: course.id, uploadId: first.uploadId }, { token: cast.owner.accessToken });
    expect(completed.errors).toBeUndefined();
    expect(completed.data!.completeCourseCoverUpload.hasOwnCover).toBe(true);
    expect(await fetched((await server.graphql(COVER, { id: course.id })).data!.course.thumbnailUrl)).toMatchObject({
      status: 200,
      contentType: "image/png",
      bytes: PNG,
    });
    // The completed cover's upload URL takes no more bytes.
    expect((await fetch(reachable(first.url), { method: "PUT", headers: { "Content-Type": "image/png" }, body: PNG })).status).toBe(409);

    const coInstructorCover = await uploadCover(course.id, JPEG, "image/jpeg");
    await server.graphql(COMPLETE, { courseId: course.id, uploadId: coInstructorCover.uploadId }, { token: cast.owner.accessToken });
    expect(await storedKeys(`courses/${courseId}/`)).toEqual([`courses/${courseId}/covers/${coInstructorCover.uploadId}`]);

    const removed = await server.graphql(REMOVE, { courseId: course.id }, { token: cast.owner.accessToken });
    expect(removed.data!.removeCourseCover.hasOwnCover).toBe(false);
    expect(await fetched(removed.data!.removeCourseCover.thumbnailUrl)).toMatchObject({ contentType: "image/jpeg", bytes: JPEG });
    expect(await storedKeys(`courses/${courseId}/`)).toEqual([]);
    expect((await server.db.course.findUniqueOrThrow({ where: { id: courseId } })).coverKey).toBeNull();
  });

  it("refuses other types, large files and bytes that are not the announced image, and writes nothing", async () => {
    const course = await publishedCourse(server, cast.owner.accessToken, { title: "Refused covers" });
    const courseId = databaseId(course.id);
    const token = cast.owner.accessToken;
    const refusal = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => ({
      code: result.errors?.[0]?.extensions?.code,
      fields: result.errors?.[0]?.extensions?.fields,
    });

    const gif = await server.graphql(START, { courseId: course.id, input: { contentType: "image/gif", sizeBytes: 100 } }, { token });
    expect(refusal(gif)).toEqual({ code: "BAD_USER_INPUT", fields: { contentType: "must be a PNG, JPEG or WebP image" } });
    const large = await server.graphql(START, { courseId: course.id, input: { contentType: "image/png", sizeBytes: 5 * 1024 * 1024 + 1 } }, { token });
    expect(refusal(large)).toEqual({ code: "BAD_USER_INPUT", fields: { sizeBytes: "must be at most 5 MB" } });

    const notUploaded = await server.graphql(START, { courseId: course.id, input: { contentType: "image/png", sizeBytes: PNG.length } }, { token });
    const early = await server.graphql(COMPLETE, { courseId: course.id, uploadId: notUploaded.data!.startCourseCoverUpload.uploadId }, { token });
    expect(refusal(early).code).toBe("BAD_USER_INPUT");

    const disguised = await uploadCover(course.id, Buffer.concat([Buffer.from("<svg>"), Buffer.alloc(200)]), "image/png");
    const completed = await server.graphql(COMPLETE, { courseId: course.id, uploadId: disguised.uploadId }, { token });
    expect(refusal(completed)).toEqual({ code: "BAD_USER_INPUT", fields: { uploadId: "is not a PNG image" } });

    const forged = await server.graphql(COMPLETE, { courseId: course.id, uploadId: "../../videos/x/thumb.jpg" }, { token });
    expect(refusal(forged).code).toBe("BAD_USER_INPUT");

    const stranger = await uploadCover(course.id, PNG, "image/png");
    const byStranger = await server.graphql(COMPLETE, { courseId: course.id, uploadId: stranger.uploadId }, { token: cast.otherInstructor.accessToken });
    expect(refusal(byStranger).code).toBe("FORBIDDEN");
    const startByStranger = await server.graphql(START, { courseId: course.id, input: { contentType: "image/png", sizeBytes: 10 } }, { token: cast.otherInstructor.accessToken });
    expect(refusal(startByStranger).code).toBe("FORBIDDEN");

    expect(await server.db.course.findUniqueOrThrow({ where: { id: courseId }, select: { coverKey: true, thumbnailUrl: true } })).toEqual({
      coverKey: null,
      thumbnailUrl: null,
    });
    // Only the stranger's upload, never completed, is left; the next completed cover sweeps it.
    expect(await storedKeys(`courses/${courseId}/`)).toEqual([`courses/${courseId}/covers/${stranger.uploadId}`]);
  });
});
