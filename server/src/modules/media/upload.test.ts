// Video uploads with the default (local) storage, through the public API: the whole flow from a
// presigned PUT to a READY video that plays with Range requests, and every refusal on the way.
import { expectError } from "../../../test/support/errors.ts";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startTestServer, type TestServer, UNTHROTTLED } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { toGlobalId } from "../../platform/ids.ts";
import { chunksOf, putChunked } from "../../platform/storage/chunked-put.test-support.ts";
import { signLocalRequest } from "../../platform/storage/local-url-signature.ts";
import { createCourse, PUBLISH } from "../catalog/catalog.fixtures.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { type Cast, signUpCast } from "../identity/identity.fixtures.ts";
import { ABORT_UPLOAD, COMPLETE_UPLOAD, CREATE_VIDEO, makeSampleVideo, PLAYBACK, putFile, reachable, START_UPLOAD, type StartedUpload, watchStatuses } from "./media.fixtures.ts";
import { HLS_LADDER_QUEUE } from "./hls-ladder.job.ts";
import { abortExpiredUploads } from "./upload.service.ts";
import { removeAbandonedUploadBytes, removeOrphanedFiles } from "./video-files.ts";
import { probeVideo } from "./video-processing.ts";
import { PROCESS_UPLOAD_QUEUE } from "./video-processing.job.ts";

let server: TestServer;
let cast: Cast;
let dataDir: string;
let sample: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "uploads-"));
  server = await startTestServer({ ...UNTHROTTLED, DATA_DIR: dataDir });
  cast = await signUpCast(server);
  sample = await makeSampleVideo(path.join(dataDir, "sample.mp4"));
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

const MIB = 1024 * 1024;
const mediaFile = (key: string) => path.join(dataDir, "media", "objects", ...key.split("/"));
const exists = (file: string) => stat(file).then(() => true, () => false);
/**
 * What media/tmp holds once no upload is being processed: processing and the HLS ladder made in the
 * background after READY write through it too, so an earlier test's ladder would show here.
 */
async function tempFiles(): Promise<string[]> {
  const { jobs } = server.app.platform;
  const processing = async () => (await jobs.hasPending(PROCESS_UPLOAD_QUEUE, {})) || (await jobs.hasPending(HLS_LADDER_QUEUE, {}));
  await waitUntil("uploads being processed to be done", async () => !(await processing()), 120_000);
  return readdir(path.join(dataDir, "media", "tmp")).catch(() => []);
}
const storedUpload = (upload: StartedUpload) => server.db.videoUpload.findUniqueOrThrow({ where: { id: databaseId(upload.id) } });
const deleteVideo = (videoId: string) =>
  server.graphql(`mutation ($id: ID!) { deleteVideo(id: $id) }`, { id: videoId }, { token: cast.owner.accessToken });
const NO_LONGER_OPEN = { error: expect.stringMatching(/^this upload is no longer open/) };

async function newVideo(token = cast.owner.accessToken) {
  const course = await createCourse(server, token);
  const created = await server.graphql(CREATE_VIDEO, { input: { courseId: course.id, title: "Lesson" } }, { token });
  return { courseId: course.id, videoId: created.data!.createVideo.id as string };
}

async function startUpload(videoId: string, overrides: Record<string, unknown> = {}, token = cast.owner.accessToken) {
  const size = (await stat(sample)).size;
  const input = { videoId, fileName: "lesson.mp4", contentType: "video/mp4", sizeBytes: size, ...overrides };
  return server.graphql(START_UPLOAD, { input }, { token });
}

async function uploadSample(videoId: string, file = sample): Promise<StartedUpload> {
  const started = await startUpload(videoId, { sizeBytes: (await stat(file)).size });
  const upload = started.data!.startVideoUpload as StartedUpload;
  await putFile(server, upload, file, "video/mp4");
  const completed = await server.graphql(COMPLETE_UPLOAD, { uploadId: upload.id }, { token: cast.owner.accessToken });
  expect(completed.data?.completeVideoUpload).toMatchObject({ status: "COMPLETED", url: null, parts: [], video: { status: "PROCESSING" } });
  return upload;
}

describe("the whole flow with the local driver", () => {
  it("uploads through the presigned URL, turns READY on the subscription and plays with Range requests", async () => {
    const { courseId, videoId } = await newVideo();
    const watch = await watchStatuses(server.subscriptionClient(cast.owner.accessToken), courseId);

    const started = await startUpload(videoId);
    expect(started.data!.startVideoUpload).toMatchObject({ method: "SINGLE_PUT", status: "PENDING", parts: [], partSizeBytes: null });
    const upload = started.data!.startVideoUpload as StartedUpload;
    expect(upload.url).toMatch(/\/media\/upload\/videos\/.+\/source\.mp4\?.*signature=/);
    await putFile(server, upload, sample, "video/mp4");
    await server.graphql(COMPLETE_UPLOAD, { uploadId: upload.id }, { token: cast.owner.accessToken });
    await watch.until((w) => w.events.some((event) => event.status === "READY"));
    expect(watch.events.map((event) => event.status)).toEqual(["UPLOADING", "PROCESSING", "READY"]);
    expect(watch.errors).toEqual([]);

    const stored = await server.db.video.findUniqueOrThrow({ where: { id: databaseId(videoId) } });
    const probe = await probeVideo(sample);
    expect(Math.abs(stored.exactDurationSeconds! - probe.durationSeconds)).toBeLessThan(0.1);
    expect(stored.durationSeconds).toBe(Math.ceil(probe.durationSeconds));
    expect(stored).toMatchObject({ width: 320, height: 240, videoCodec: "h264", audioCodec: "aac", mimeType: "video/mp4", processingError: null });

    const { video } = (await server.graphql(PLAYBACK, { id: videoId }, { token: cast.owner.accessToken })).data!;
    expect(video.playback.mimeType).toBe("video/mp4");
    expect(new Date(video.playback.expiresAt).getTime() - Date.now()).toBeGreaterThan(3500 * 1000);

    const thumbnail = await fetch(reachable(server, video.thumbnailUrl));
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await thumbnail.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));

    const whole = Buffer.from(await (await fetch(reachable(server, video.playback.url))).arrayBuffer());
    // Remuxed with faststart: the index comes before the media data, so playback starts at once.
    expect(whole.indexOf("moov")).toBeLessThan(whole.indexOf("mdat"));
    const ranged = await fetch(reachable(server, video.playback.url), { headers: { Range: "bytes=1000-1999" } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-type")).toBe("video/mp4");
    expect(ranged.headers.get("content-length")).toBe("1000");
    expect(ranged.headers.get("content-range")).toBe(`bytes 1000-1999/${whole.length}`);
    expect(Buffer.from(await ranged.arrayBuffer())).toEqual(whole.subarray(1000, 2000));

    // The uploaded original goes after the READY commit, which subscribers may hear first; the played file and its thumbnail stay.
    await waitUntil("the uploaded original to be removed", async () => !(await exists(mediaFile(stored.fileKey!.replace("video.mp4", "source.mp4")))));
    expect(await exists(mediaFile(stored.fileKey!))).toBe(true);
  });

  it("keeps playing the old file during a new upload and replaces it only once the new one is READY", async () => {
    const { courseId, videoId } = await newVideo();
    const watch = await watchStatuses(server.subscriptionClient(cast.owner.accessToken), courseId);
    await uploadSample(videoId);
    await watch.until((w) => w.events.filter((event) => event.status === "READY").length === 1);
    const first = await server.db.video.findUniqueOrThrow({ where: { id: databaseId(videoId) } });

    const second = await makeSampleVideo(path.join(dataDir, "second.mp4"), { seconds: 2 });
    const upload = (await startUpload(videoId, { sizeBytes: (await stat(second)).size })).data!.startVideoUpload as StartedUpload;
    const during = (await server.graphql(PLAYBACK, { id: videoId }, { token: cast.owner.accessToken })).data!.video;
    expect(during.status).toBe("UPLOADING");
    expect((await fetch(reachable(server, during.playback.url))).status).toBe(200);

    await putFile(server, upload, second, "video/mp4");
    await server.graphql(COMPLETE_UPLOAD, { uploadId: upload.id }, { token: cast.owner.accessToken });
    // The first file's ladder, made meanwhile, is announced too: the second file is the one 2 s long.
    await watch.until((w) => w.events.some((event) => event.status === "READY" && event.durationSeconds === 2));
    const replaced = await server.db.video.findUniqueOrThrow({ where: { id: databaseId(videoId) } });
    expect(replaced.fileKey).not.toBe(first.fileKey);
    expect(replaced.durationSeconds).toBe(2);
    // The old files go once the new one is READY, after that commit, which subscribers may hear first.
    const oldFilesGone = async () => !(await exists(mediaFile(first.fileKey!))) && !(await exists(mediaFile(first.thumbnailKey!)));
    await waitUntil("the replaced file and thumbnail to be removed", oldFilesGone);

    await server.graphql(`mutation ($id: ID!) { deleteVideo(id: $id) }`, { id: videoId }, { token: cast.owner.accessToken });
    expect(await exists(mediaFile(replaced.fileKey!))).toBe(false);
  });

  it("ends FAILED with a plain reason for a text file renamed .mp4, and ffprobe's words for admins only", async () => {
    const { courseId, videoId } = await newVideo();
    const watch = await watchStatuses(server.subscriptionClient(cast.owner.accessToken), courseId);
    const fake = path.join(dataDir, "notes.mp4");
    await writeFile(fake, "These are my lecture notes, not a video.\n".repeat(50));
    const upload = await uploadSample(videoId, fake);
    await watch.until((w) => w.events.some((event) => event.status === "FAILED"));
    const plainReason = "This file is not a video we can read. Export it as MP4 (H.264/AAC) and upload again.";
    expect(watch.events.at(-1)!.processingError).toBe(plainReason);
    const stored = await server.db.videoUpload.findUniqueOrThrow({ where: { id: databaseId(upload.id) } });
    expect(stored).toMatchObject({ status: "FAILED", error: expect.stringMatching(/Invalid data found when processing input/) });

    const FAILURE = `query ($id: ID!) { video(id: $id) { processingError processingErrorDetail } }`;
    const asOwner = await server.graphql(FAILURE, { id: videoId }, { token: cast.owner.accessToken });
    expect(asOwner.errors).toBeUndefined();
    expect(asOwner.data).toEqual({ video: { processingError: plainReason, processingErrorDetail: null } });
    expect(JSON.stringify(asOwner)).not.toMatch(/Invalid data|ffprobe|moov/);
    const asAdmin = await server.graphql(FAILURE, { id: videoId }, { token: cast.admin.accessToken });
    expect(asAdmin.errors).toBeUndefined();
    expect(asAdmin.data!.video).toEqual({
      processingError: plainReason,
      processingErrorDetail: expect.stringMatching(/^not a readable video file: .*Invalid data found when processing input$/),
    });
    const asStudent = await server.graphql(`query ($id: ID!) { video(id: $id) { processingError } }`, { id: videoId }, { token: cast.student.accessToken });
    expect(asStudent.data).toEqual({ video: null });
  });
});

describe("refusals of startVideoUpload", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["a content type that is not a video", { contentType: "text/plain" }, "contentType"],
    ["a video type we do not process", { contentType: "video/x-flv" }, "contentType"],
    ["an image", { contentType: "image/png" }, "contentType"],
    ["a PDF", { contentType: "application/pdf" }, "contentType"],
    ["a sound type we do not process", { contentType: "audio/midi" }, "contentType"],
    ["a file above MAX_UPLOAD_BYTES", { sizeBytes: 5 * 1024 ** 3 + 1 }, "sizeBytes"],
    ["a size of zero", { sizeBytes: 0 }, "sizeBytes"],
    ["a fractional size", { sizeBytes: 10.5 }, "sizeBytes"],
    ["a negative size", { sizeBytes: -1 }, "sizeBytes"],
    ["an empty file name", { fileName: "  " }, "fileName"],
    ["a file name with a path", { fileName: "../../etc/passwd" }, "fileName"],
    ["a file name with a control character", { fileName: "clip\r\nX-Injected: 1.mp4" }, "fileName"],
    ["an oversized file name", { fileName: `${"a".repeat(300)}.mp4` }, "fileName"],
    ["an id of another type", { videoId: toGlobalId("Course", "019ab6f7-0000-7000-8000-000000000000") }, "videoId"],
  ];
  it.each(cases)("refuses %s with BAD_USER_INPUT naming the field and stores nothing", async (_name, overrides, field) => {
    const { videoId } = await newVideo();
    const before = await server.db.videoUpload.count();
    const result = await startUpload(videoId, overrides);
    expect(result.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { [field]: expect.any(String) } });
    expect(await server.db.videoUpload.count()).toBe(before);
    expect((await server.db.video.findUniqueOrThrow({ where: { id: databaseId(videoId) } })).status).toBe("DRAFT");
  });

  it("hides someone else's draft course and forbids changing their published one", async () => {
    const { videoId } = await newVideo();
    expect((await startUpload(videoId, {}, cast.otherInstructor.accessToken)).errors?.[0].extensions.code).toBe("NOT_FOUND");
    const { courseId, videoId: publishedVideo } = await newVideo();
    await server.db.video.update({ where: { id: databaseId(publishedVideo) }, data: { status: "READY" } });
    await server.graphql(PUBLISH, { id: courseId }, { token: cast.owner.accessToken });
    expect((await startUpload(publishedVideo, {}, cast.otherInstructor.accessToken)).errors?.[0].extensions.code).toBe("FORBIDDEN");
    expect((await startUpload(publishedVideo, {}, cast.student.accessToken)).errors?.[0].extensions.code).toBe("FORBIDDEN");
    expect(await server.db.videoUpload.count({ where: { videoId: { in: [databaseId(videoId), databaseId(publishedVideo)] } } })).toBe(0);
  });
});

describe("the local driver's signed routes", () => {
  it("refuse a forged or expired signature and a body of another length with 403/400", async () => {
    const { videoId } = await newVideo();
    const upload = (await startUpload(videoId)).data!.startVideoUpload as StartedUpload;
    const body = await readFile(sample);
    const url = new URL(reachable(server, upload.url!));
    const forged = new URL(url);
    forged.searchParams.set("contentLength", String(body.length + 10));
    expect((await fetch(forged, { method: "PUT", body: Buffer.concat([body, Buffer.alloc(10)]) })).status).toBe(403);
    const tampered = new URL(url);
    tampered.searchParams.set("signature", `${url.searchParams.get("signature")!.slice(0, -2)}AA`);
    expect((await fetch(tampered, { method: "PUT", body })).status).toBe(403);

    const key = decodeURIComponent(url.pathname.replace("/media/upload/", ""));
    const signingKey = (await readFile(path.join(dataDir, "media-signing.key"), "utf8")).trim();
    const expires = Math.floor(Date.now() / 1000) - 5;
    const signature = signLocalRequest(signingKey, { method: "GET", key, expires });
    const expired = await fetch(`${server.url}/media/play/${key}?expires=${expires}&signature=${signature}`);
    expect(expired.status).toBe(403);
    expect(await expired.json()).toEqual({ error: "this URL has expired" });

    expect((await fetch(url, { method: "PUT", body: body.subarray(1) })).status).toBe(400);
    expect((await server.graphql(COMPLETE_UPLOAD, { uploadId: upload.id }, { token: cast.owner.accessToken })).errors?.[0].extensions)
      .toEqual({ code: "BAD_USER_INPUT", fields: { uploadId: "no file has been uploaded yet" } });
  });
});

describe("multipart uploads, aborts and expiry", () => {
  it("refuses to complete with missing parts, naming them, and then aborts", async () => {
    const { videoId } = await newVideo();
    const started = await startUpload(videoId, { sizeBytes: 100 * MIB });
    const upload = started.data!.startVideoUpload as StartedUpload;
    expect(upload).toMatchObject({ method: "MULTIPART", url: null, partSizeBytes: 16 * MIB });
    expect(upload.parts.map((part) => part.partNumber)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const put = await fetch(reachable(server, upload.parts[0]!.url), { method: "PUT", body: Buffer.alloc(16 * MIB, 1) });
    const etag = put.headers.get("etag")!;
    const parts = upload.parts.map((part) => ({ partNumber: part.partNumber, etag }));
    const complete = (list: unknown) => server.graphql(COMPLETE_UPLOAD, { uploadId: upload.id, parts: list }, { token: cast.owner.accessToken });
    expect((await complete(parts)).errors?.[0].extensions).toEqual({ code: "BAD_USER_INPUT", fields: { parts: "part 2 has not been uploaded" } });
    expect((await complete(parts.slice(0, 3))).errors?.[0].extensions.fields).toEqual({ parts: "must list parts 1 to 7 in order, each once" });
    expect((await complete([...parts].reverse())).errors?.[0].extensions.fields).toEqual({ parts: "must list parts 1 to 7 in order, each once" });
    expect((await complete(parts.map((part) => ({ ...part, etag: "x".repeat(1000) })))).errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
    expect((await complete(null)).errors?.[0].extensions.code).toBe("BAD_USER_INPUT");

    const aborted = await server.graphql(ABORT_UPLOAD, { uploadId: upload.id }, { token: cast.owner.accessToken });
    expect(aborted.data!.abortVideoUpload).toMatchObject({ status: "ABORTED", video: { status: "DRAFT" } });
    expect(await exists(path.join(dataDir, "media", "uploads"))).toBe(true);
    const late = await fetch(reachable(server, upload.parts[1]!.url), { method: "PUT", body: Buffer.alloc(16 * MIB) });
    expect(late.status).toBe(409);
    expect(await late.json()).toEqual(NO_LONGER_OPEN);
    expectError(await complete(parts), "CONFLICT", "UPLOAD_NOT_PENDING");
    expectError(await server.graphql(ABORT_UPLOAD, { uploadId: upload.id }, { token: cast.owner.accessToken }), "CONFLICT", "UPLOAD_NOT_PENDING");
  });

  it("aborts a video's open upload when the video is deleted", async () => {
    const { videoId } = await newVideo();
    const upload = (await startUpload(videoId, { sizeBytes: 100 * MIB })).data!.startVideoUpload as StartedUpload;
    expect((await fetch(reachable(server, upload.parts[0]!.url), { method: "PUT", body: Buffer.alloc(16 * MIB) })).status).toBe(200);
    await deleteVideo(videoId);
    expect((await fetch(reachable(server, upload.parts[1]!.url), { method: "PUT", body: Buffer.alloc(16 * MIB) })).status).toBe(409);
    expect(await server.db.videoUpload.count({ where: { videoId: databaseId(videoId) } })).toBe(0);
  });

  it("removes a deleted course's files: played files, thumbnails and open uploads", async () => {
    const { courseId, videoId } = await newVideo();
    const watch = await watchStatuses(server.subscriptionClient(cast.owner.accessToken), courseId);
    await uploadSample(videoId);
    await watch.until((w) => w.events.some((event) => event.status === "READY"));
    const played = await server.db.video.findUniqueOrThrow({ where: { id: databaseId(videoId) } });
    const pending = await server.graphql(CREATE_VIDEO, { input: { courseId, title: "Half uploaded" } }, { token: cast.owner.accessToken });
    const upload = (await startUpload(pending.data!.createVideo.id, { sizeBytes: 100 * MIB })).data!.startVideoUpload as StartedUpload;
    expect((await fetch(reachable(server, upload.parts[0]!.url), { method: "PUT", body: Buffer.alloc(16 * MIB) })).status).toBe(200);
    expect(await exists(mediaFile(played.fileKey!))).toBe(true);
    expect(await exists(mediaFile(played.thumbnailKey!))).toBe(true);

    const deleted = await server.graphql(`mutation ($id: ID!) { deleteCourse(id: $id) }`, { id: courseId }, { token: cast.owner.accessToken });
    expect(deleted.data).toEqual({ deleteCourse: true });
    // Removed by the listener of the event the deletion committed.
    const removed = async () => !(await exists(mediaFile(played.fileKey!))) && !(await exists(mediaFile(played.thumbnailKey!)));
    await waitUntil("the deleted course's played file and thumbnail to be removed", removed);
    expect((await fetch(reachable(server, upload.parts[1]!.url), { method: "PUT", body: Buffer.alloc(16 * MIB) })).status).toBe(409);
    expect(await server.db.videoUpload.count({ where: { id: databaseId(upload.id) } })).toBe(0);
  });

  it("hides an upload from everyone but the course's instructors and admins", async () => {
    const { videoId } = await newVideo();
    const upload = (await startUpload(videoId)).data!.startVideoUpload as StartedUpload;
    const asOther = await server.graphql(ABORT_UPLOAD, { uploadId: upload.id }, { token: cast.otherInstructor.accessToken });
    expect(asOther.errors?.[0].extensions.code).toBe("NOT_FOUND");
    const asAdmin = await server.graphql(ABORT_UPLOAD, { uploadId: upload.id }, { token: cast.admin.accessToken });
    expect(asAdmin.data!.abortVideoUpload.status).toBe("ABORTED");
  });

  it("aborts uploads left pending past their expiry, in the cleanup job", async () => {
    const { videoId } = await newVideo();
    const upload = (await startUpload(videoId)).data!.startVideoUpload as StartedUpload;
    await server.db.videoUpload.update({ where: { id: databaseId(upload.id) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await abortExpiredUploads(server.app.platform)).toBeGreaterThanOrEqual(1);
    expect(await server.db.videoUpload.findUniqueOrThrow({ where: { id: databaseId(upload.id) } })).toMatchObject({ status: "ABORTED" });
    expect((await server.db.video.findUniqueOrThrow({ where: { id: databaseId(videoId) } })).status).toBe("DRAFT");
  });
});

describe("closed uploads refuse their URLs", () => {
  it("refuses a PUT to an aborted upload's URL with 409 and stores nothing", async () => {
    const { videoId } = await newVideo();
    const upload = (await startUpload(videoId)).data!.startVideoUpload as StartedUpload;
    await server.graphql(ABORT_UPLOAD, { uploadId: upload.id }, { token: cast.owner.accessToken });
    const late = await fetch(reachable(server, upload.url!), { method: "PUT", headers: { "Content-Type": "video/mp4" }, body: await readFile(sample) });
    expect(late.status).toBe(409);
    expect(await late.json()).toEqual(NO_LONGER_OPEN);
    const stored = await storedUpload(upload);
    expect(stored.status).toBe("ABORTED");
    expect(await exists(mediaFile(stored.storageKey))).toBe(false);
    expect(await tempFiles()).toEqual([]);
  });

  it("refuses a PUT to a completed upload's URL with 409", async () => {
    const { courseId, videoId } = await newVideo();
    const watch = await watchStatuses(server.subscriptionClient(cast.owner.accessToken), courseId);
    const upload = await uploadSample(videoId);
    const again = await fetch(reachable(server, upload.url!), { method: "PUT", headers: { "Content-Type": "video/mp4" }, body: await readFile(sample) });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual(NO_LONGER_OPEN);
    expect((await storedUpload(upload)).status).toBe("COMPLETED");
    // Processing writes through media/tmp too: the next tests look at it once it is done.
    await watch.until((w) => w.events.some((event) => event.status === "READY"));
  });

  it("refuses a PUT after the video was deleted and writes nothing under the video's folder", async () => {
    const { videoId } = await newVideo();
    const upload = (await startUpload(videoId)).data!.startVideoUpload as StartedUpload;
    expect((await deleteVideo(videoId)).data).toEqual({ deleteVideo: true });
    const late = await fetch(reachable(server, upload.url!), { method: "PUT", headers: { "Content-Type": "video/mp4" }, body: await readFile(sample) });
    expect(late.status).toBe(409);
    expect(await late.json()).toEqual(NO_LONGER_OPEN);
    expect(await exists(mediaFile(`videos/${databaseId(videoId)}`))).toBe(false);
    expect(await server.db.videoUpload.count({ where: { id: databaseId(upload.id) } })).toBe(0);
  });
});

describe("upload URLs take exactly the planned bytes", () => {
  it("refuses a part larger than planned with 413, keeping none of it", async () => {
    const { videoId } = await newVideo();
    const upload = (await startUpload(videoId, { sizeBytes: 100 * MIB })).data!.startVideoUpload as StartedUpload;
    expect(upload.partSizeBytes).toBe(16 * MIB);
    const [first, last] = [upload.parts[0]!, upload.parts.at(-1)!];
    const declared = await fetch(reachable(server, first.url), { method: "PUT", body: Buffer.alloc(17 * MIB) });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: `the body may not exceed the signed length, ${16 * MIB} bytes` });
    expect((await putChunked(reachable(server, first.url), chunksOf(17 * MIB))).status).toBe(413);
    // The last part is planned smaller (100 MiB = 6 x 16 MiB + 4 MiB): a full-size one is too large for it.
    expect((await fetch(reachable(server, last.url), { method: "PUT", body: Buffer.alloc(16 * MIB) })).status).toBe(413);

    const stored = await storedUpload(upload);
    expect(await server.app.platform.storage.listParts(stored.storageKey, stored.multipartUploadId!)).toEqual([]);
    expect(await tempFiles()).toEqual([]);
    expect((await fetch(reachable(server, first.url), { method: "PUT", body: Buffer.alloc(16 * MIB) })).status).toBe(200);
  });

  it("answers a chunked single PUT longer than its signed length with 413 and keeps no file", async () => {
    const { videoId } = await newVideo();
    const upload = (await startUpload(videoId)).data!.startVideoUpload as StartedUpload;
    const body = Buffer.concat([await readFile(sample), Buffer.alloc(MIB)]);
    const answer = await putChunked(reachable(server, upload.url!), chunksOf(body.length), { "Content-Type": "video/mp4" });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ error: expect.stringMatching(/^the body is larger than \d+ bytes$/) });
    expect(await exists(mediaFile((await storedUpload(upload)).storageKey))).toBe(false);
    expect(await tempFiles()).toEqual([]);
  });
});

describe("files nothing refers to", () => {
  const HOUR = 3600 * 1000;

  async function storeFile(key: string): Promise<string> {
    const file = path.join(dataDir, "stray.bin");
    await writeFile(file, "stray bytes");
    await server.app.platform.storage.uploadFromFile(file, key, "video/mp4");
    return key;
  }

  it("are removed by the orphan sweep once older than its grace period; the files of videos and open uploads stay", async () => {
    const { courseId, videoId: ready } = await newVideo();
    const watch = await watchStatuses(server.subscriptionClient(cast.owner.accessToken), courseId);
    const readyUpload = await uploadSample(ready);
    await watch.until((w) => w.events.some((event) => event.status === "READY"));
    const played = await server.db.video.findUniqueOrThrow({ where: { id: databaseId(ready) } });

    const { videoId: uploading } = await newVideo();
    const pending = (await startUpload(uploading)).data!.startVideoUpload as StartedUpload;
    await putFile(server, pending, sample, "video/mp4");

    const { videoId: abandoned } = await newVideo();
    const aborted = (await startUpload(abandoned)).data!.startVideoUpload as StartedUpload;
    await server.graphql(ABORT_UPLOAD, { uploadId: aborted.id }, { token: cast.owner.accessToken });

    const live = [played.fileKey!, played.thumbnailKey!, (await storedUpload(pending)).storageKey];
    // What an S3 presigned URL can still store after its upload ended, and what a failed deletion leaves.
    const orphans = [
      await storeFile((await storedUpload(aborted)).storageKey),
      await storeFile((await storedUpload(readyUpload)).storageKey),
      await storeFile("videos/019ab6f7-0000-7000-8000-000000000001/019ab6f7-0000-7000-8000-000000000002/video.mp4"),
    ];

    expect(await removeOrphanedFiles(server.app.platform)).toBe(0);
    for (const key of [...live, ...orphans]) expect(await exists(mediaFile(key))).toBe(true);

    expect(await removeOrphanedFiles(server.app.platform, new Date(Date.now() + HOUR))).toBeGreaterThanOrEqual(orphans.length);
    for (const key of live) expect(await exists(mediaFile(key))).toBe(true);
    for (const key of orphans) expect(await exists(mediaFile(key))).toBe(false);
    expect((await storedUpload(pending)).status).toBe("PENDING");
  });

  it("left in media/tmp by an upload cut off midway are removed once untouched for an hour; younger ones stay", async () => {
    const tmp = path.join(dataDir, "media", "tmp");
    await mkdir(tmp, { recursive: true });
    await writeFile(path.join(tmp, "cut-off"), "half an upload");
    const twoHoursAgo = new Date(Date.now() - 2 * HOUR);
    await utimes(path.join(tmp, "cut-off"), twoHoursAgo, twoHoursAgo);
    await writeFile(path.join(tmp, "arriving"), "an upload arriving now");

    expect(await removeAbandonedUploadBytes(server.app.platform)).toBe(1);
    expect(await tempFiles()).toEqual(["arriving"]);
    await rm(path.join(tmp, "arriving"));
  });
});
