// The upload flow with STORAGE_DRIVER=s3, multipart included, against an S3 protocol peer on
// loopback (s3rver). The API only signs: the bytes go from the client straight to the store.
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startTestServer, type TestServer } from "../../../test/support/test-server.ts";
import { S3_TEST_PEER_CREDENTIALS, startS3TestPeer, type S3TestPeer } from "../../platform/storage/s3-test-peer.ts";
import { createCourse } from "../catalog/catalog.fixtures.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { type Cast, signUpCast } from "../identity/identity.fixtures.ts";
import { ABORT_UPLOAD, COMPLETE_UPLOAD, CREATE_VIDEO, makeSampleVideo, PLAYBACK, putFile, START_UPLOAD, type StartedUpload, watchStatuses } from "./media.fixtures.ts";
import { removeOrphanedFiles } from "./video-files.ts";
import { probeVideo } from "./video-processing.ts";

const BUCKET = "course-videos";
const PART_BYTES = 8 * 1024 * 1024;

let workDir: string;
let peer: S3TestPeer;
let server: TestServer;
let cast: Cast;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "uploads-s3-"));
  peer = await startS3TestPeer(path.join(workDir, "store"), BUCKET);
  server = await startTestServer({
    AUTH_IP_LIMIT_PER_MINUTE: "10000",
    API_REQUESTS_PER_MINUTE: "100000",
    STORAGE_DRIVER: "s3",
    S3_ENDPOINT: peer.endpoint,
    S3_REGION: "us-east-1",
    S3_BUCKET: BUCKET,
    S3_ACCESS_KEY_ID: S3_TEST_PEER_CREDENTIALS.accessKeyId,
    S3_SECRET_ACCESS_KEY: S3_TEST_PEER_CREDENTIALS.secretAccessKey,
    S3_FORCE_PATH_STYLE: "true",
    MULTIPART_THRESHOLD_BYTES: String(PART_BYTES),
    MULTIPART_PART_BYTES: String(PART_BYTES),
  });
  cast = await signUpCast(server);
});
afterAll(async () => {
  await server.close();
  await peer.close();
  await rm(workDir, { recursive: true, force: true });
});

async function startUpload(sizeBytes: number): Promise<StartedUpload> {
  const token = cast.owner.accessToken;
  const course = await createCourse(server, token);
  const videoId = (await server.graphql(CREATE_VIDEO, { input: { courseId: course.id, title: "Lesson" } }, { token })).data!.createVideo.id as string;
  const input = { videoId, fileName: "lesson.mp4", contentType: "video/mp4", sizeBytes };
  return (await server.graphql(START_UPLOAD, { input }, { token })).data!.startVideoUpload as StartedUpload;
}

const abort = (upload: StartedUpload) => server.graphql(ABORT_UPLOAD, { uploadId: upload.id }, { token: cast.owner.accessToken });
const storedUpload = (upload: StartedUpload) => server.db.videoUpload.findUniqueOrThrow({ where: { id: databaseId(upload.id) } });

async function uploadAndWait(file: string) {
  const token = cast.owner.accessToken;
  const course = await createCourse(server, token);
  const videoId = (await server.graphql(CREATE_VIDEO, { input: { courseId: course.id, title: "Lesson" } }, { token })).data!.createVideo.id as string;
  const watch = await watchStatuses(server.subscriptionClient(token), course.id);
  const input = { videoId, fileName: path.basename(file), contentType: "video/mp4", sizeBytes: (await stat(file)).size };
  const upload = (await server.graphql(START_UPLOAD, { input }, { token })).data!.startVideoUpload as StartedUpload;
  const parts = await putFile(server, upload, file, "video/mp4");
  const completed = await server.graphql(COMPLETE_UPLOAD, { uploadId: upload.id, parts }, { token });
  expect(completed.errors).toBeUndefined();
  await watch.until((w) => w.events.some((event) => event.status === "READY" || event.status === "FAILED"), 60_000);
  // MPEG-4 Part 2 plays in no browser: it stays PROCESSING through its HLS ladder, whose progress is announced as it goes.
  const statuses = watch.events.map((event) => event.status).filter((status, index, all) => status !== all[index - 1]);
  expect(statuses).toEqual(["UPLOADING", "PROCESSING", "READY"]);
  return { videoId, upload };
}

it("uploads a large video in parts straight to the store, processes it and plays it from a presigned URL with Range", async () => {
  const file = await makeSampleVideo(path.join(workDir, "large.mp4"), { seconds: 2, noisy: true });
  const size = (await stat(file)).size;
  const { videoId, upload } = await uploadAndWait(file);
  expect(upload.method).toBe("MULTIPART");
  expect(upload.parts).toHaveLength(Math.ceil(size / PART_BYTES));
  expect(upload.parts[0]!.url).toContain(`${peer.endpoint}/${BUCKET}/videos/`);

  const stored = await server.db.video.findUniqueOrThrow({ where: { id: databaseId(videoId) } });
  expect(Math.abs(stored.exactDurationSeconds! - (await probeVideo(file)).durationSeconds)).toBeLessThan(0.1);
  const { video } = (await server.graphql(PLAYBACK, { id: videoId }, { token: cast.owner.accessToken })).data!;
  expect(video.playback.url).toContain("X-Amz-Signature=");
  const ranged = await fetch(video.playback.url, { headers: { Range: "bytes=0-99" } });
  expect(ranged.status).toBe(206);
  const played = Buffer.from(await ranged.arrayBuffer());
  expect(played).toHaveLength(100);
  expect(played.subarray(4, 8).toString()).toBe("ftyp");
  expect((await fetch(video.thumbnailUrl)).headers.get("content-type")).toBe("image/jpeg");
  expect(await server.app.platform.storage.head(upload.parts[0]!.url.split(`/${BUCKET}/`)[1]!.split("?")[0]!)).toBeNull();
});

it("uploads a small video with one presigned PUT", async () => {
  const file = await makeSampleVideo(path.join(workDir, "small.mp4"));
  const { videoId, upload } = await uploadAndWait(file);
  expect(upload.method).toBe("SINGLE_PUT");
  const { video } = (await server.graphql(PLAYBACK, { id: videoId }, { token: cast.owner.accessToken })).data!;
  const whole = Buffer.from(await (await fetch(video.playback.url)).arrayBuffer());
  expect(whole.indexOf("moov")).toBeLessThan(whole.indexOf("mdat"));
  expect(whole.length).toBeGreaterThan((await readFile(file)).length * 0.9);
});

it("signs each part's planned length into its URL", async () => {
  const upload = await startUpload(2 * PART_BYTES + 1);
  expect(upload.parts).toHaveLength(3);
  for (const part of upload.parts) {
    expect(new URL(part.url).searchParams.get("X-Amz-SignedHeaders")?.split(";")).toContain("content-length");
  }
  await abort(upload);
});

it("aborts the store's multipart upload when the upload is aborted", async () => {
  const upload = await startUpload(2 * PART_BYTES + 1);
  expect((await fetch(upload.parts[0]!.url, { method: "PUT", body: Buffer.alloc(PART_BYTES) })).status).toBe(200);
  const { storageKey, multipartUploadId } = await storedUpload(upload);
  expect(await server.app.platform.storage.listParts(storageKey, multipartUploadId!)).toHaveLength(1);

  expect((await abort(upload)).data?.abortVideoUpload).toMatchObject({ status: "ABORTED" });
  await expect(server.app.platform.storage.listParts(storageKey, multipartUploadId!)).rejects.toMatchObject({ code: "NO_SUCH_UPLOAD" });
});

it("sweeps what a presigned URL stores after its upload was aborted (the store cannot refuse it)", async () => {
  const body = Buffer.alloc(1000, 1);
  const upload = await startUpload(body.length);
  expect(upload.method).toBe("SINGLE_PUT");
  await abort(upload);
  expect((await fetch(upload.url!, { method: "PUT", headers: { "Content-Type": "video/mp4" }, body })).status).toBe(200);
  const { storageKey } = await storedUpload(upload);
  expect(await server.app.platform.storage.head(storageKey)).not.toBeNull();

  expect(await removeOrphanedFiles(server.app.platform)).toBe(0);
  expect(await server.app.platform.storage.head(storageKey)).not.toBeNull();
  expect(await removeOrphanedFiles(server.app.platform, new Date(Date.now() + 60 * 60 * 1000))).toBeGreaterThanOrEqual(1);
  expect(await server.app.platform.storage.head(storageKey)).toBeNull();
});
