// The outbox through the whole app: what a server whose dispatcher has stopped (as if the process
// died right after the commit) committed is delivered once the next server starts on the same
// database: an upload completed is processed, its job sent once; a course deleted has its files
// removed; the files processing let go of are removed.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createCourse } from "../src/modules/catalog/catalog.fixtures.ts";
import { databaseId } from "./support/ids.ts";
import { type Cast, signUpCast } from "../src/modules/identity/identity.fixtures.ts";
import { COMPLETE_UPLOAD, CREATE_VIDEO, makeSampleVideo, putFile, START_UPLOAD, type StartedUpload } from "../src/modules/media/media.fixtures.ts";
import { processUploadJob } from "../src/modules/media/video-processing.job.ts";
import { startTestServer, type TestServer, UNTHROTTLED } from "./support/test-server.ts";
import { waitUntil } from "./support/wait.ts";

let dataDir: string;
let server: TestServer;
let cast: Cast;
const nextServers: TestServer[] = [];
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "domain-events-"));
  server = await startTestServer({ ...UNTHROTTLED, DATA_DIR: dataDir });
  cast = await signUpCast(server);
});
afterAll(async () => {
  for (const next of nextServers) await next.close();
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Stops every dispatcher on the database, as if their processes had died. */
async function stopDispatchers(): Promise<void> {
  for (const { app } of [server, ...nextServers]) await app.domainEvents.stop();
}

/** Another server on the same database and storage. */
async function startNextServer(): Promise<void> {
  nextServers.push(await startTestServer({ ...UNTHROTTLED, DATA_DIR: dataDir }, { besides: server }));
}

it("an upload completed while no dispatcher runs is processed, its job sent once, by the next server on the database", async () => {
  const token = cast.owner.accessToken;
  const sample = await makeSampleVideo(path.join(dataDir, "sample.mp4"), { seconds: 1 });
  const course = await createCourse(server, token);
  const videoId = (await server.graphql(CREATE_VIDEO, { input: { courseId: course.id, title: "Lesson" } }, { token })).data!.createVideo.id as string;
  const input = { videoId, fileName: "lesson.mp4", contentType: "video/mp4", sizeBytes: (await stat(sample)).size };
  const upload = (await server.graphql(START_UPLOAD, { input }, { token })).data!.startVideoUpload as StartedUpload;
  await putFile(server, upload, sample, "video/mp4");

  await stopDispatchers();
  const completed = await server.graphql(COMPLETE_UPLOAD, { uploadId: upload.id }, { token });
  expect(completed.data?.completeVideoUpload).toMatchObject({ status: "COMPLETED", video: { status: "PROCESSING" } });
  const uploadId = databaseId(upload.id);
  const jobs = () => server.db.$queryRaw<{ id: string }[]>`SELECT id::text FROM pgboss.job WHERE name = 'media-process-upload' AND data->>'uploadId' = ${uploadId}`;
  expect(await jobs()).toEqual([]);

  await startNextServer();
  await waitUntil("the video to become READY", async () => (await server.db.video.findUniqueOrThrow({ where: { id: databaseId(videoId) } })).status === "READY", 60_000);
  expect(await jobs()).toHaveLength(1);
  // The job may run before the delivery's transaction, which sent it, has committed.
  const deliveries = () => server.db.domainEventDelivery.findMany({ where: { listener: "media:media.uploadCompleted" } });
  await waitUntil("the delivery to be recorded", async () => (await deliveries()).some((delivery) => delivery.deliveredAt));
  expect(await deliveries()).toEqual([expect.objectContaining({ attempts: 1, deliveredAt: expect.any(Date), failedAt: null })]);
});

it("a course deleted while no dispatcher runs has its videos' files, open uploads and covers removed by the next server", async () => {
  const token = cast.owner.accessToken;
  const { storage } = server.app.platform;
  const sample = await makeSampleVideo(path.join(dataDir, "deleted.mp4"), { seconds: 1 });
  const course = await createCourse(server, token);
  const courseId = databaseId(course.id);
  const createVideo = async (title: string) =>
    (await server.graphql(CREATE_VIDEO, { input: { courseId: course.id, title } }, { token })).data!.createVideo.id as string;
  const played = `videos/${databaseId(await createVideo("Played"))}/${randomUUID()}/video.mp4`;
  await storage.uploadFromFile(sample, played, "video/mp4");
  const cover = `courses/${courseId}/covers/${randomUUID()}.png`;
  await storage.uploadFromFile(sample, cover, "image/png");
  const input = { videoId: await createVideo("Half uploaded"), fileName: "lesson.mp4", contentType: "video/mp4", sizeBytes: (await stat(sample)).size };
  const upload = (await server.graphql(START_UPLOAD, { input }, { token })).data!.startVideoUpload as StartedUpload;
  await putFile(server, upload, sample, "video/mp4");
  const { storageKey: uploaded } = await server.db.videoUpload.findUniqueOrThrow({ where: { id: databaseId(upload.id) } });
  const stored = async () => (await Promise.all([played, cover, uploaded].map((key) => storage.head(key)))).filter((info) => info !== null).length;
  expect(await stored()).toBe(3);

  await stopDispatchers();
  expect((await server.graphql(`mutation ($id: ID!) { deleteCourse(id: $id) }`, { id: course.id }, { token })).data).toEqual({ deleteCourse: true });
  expect(await stored()).toBe(3);

  await startNextServer();
  await waitUntil("the deleted course's files to be removed", async () => (await stored()) === 0, 30_000);
  // A delivery is recorded when its listener's transaction commits, a moment after the files went.
  const deliveries = () =>
    server.db.domainEventDelivery.findMany({
      where: { listener: { in: ["media:media.courseFilesReleased", "catalog:catalog.courseDeleted"] }, event: { aggregate: `course:${courseId}` } },
    });
  await waitUntil("both deliveries to be recorded", async () => (await deliveries()).filter((delivery) => delivery.deliveredAt).length === 2);
  expect(await deliveries()).toHaveLength(2);
  for (const delivery of await deliveries()) expect(delivery).toMatchObject({ attempts: 1, deliveredAt: expect.any(Date), failedAt: null });
});

it("the files processing let go of while no dispatcher runs (the uploaded original, the replaced file) are removed by the next server", async () => {
  const token = cast.owner.accessToken;
  const { storage } = server.app.platform;
  const sample = await makeSampleVideo(path.join(dataDir, "replacement.mp4"), { seconds: 1 });
  const course = await createCourse(server, token);
  const videoId = databaseId((await server.graphql(CREATE_VIDEO, { input: { courseId: course.id, title: "Replaced" } }, { token })).data!.createVideo.id as string);
  const replaced = `videos/${videoId}/${randomUUID()}/video.mp4`;
  await storage.uploadFromFile(sample, replaced, "video/mp4");
  const uploadId = randomUUID();
  const original = `videos/${videoId}/${uploadId}/source.mp4`;
  await storage.uploadFromFile(sample, original, "video/mp4");
  await server.db.video.update({ where: { id: videoId }, data: { status: "PROCESSING", fileKey: replaced } });
  await server.db.videoUpload.create({
    data: {
      id: uploadId,
      videoId,
      status: "COMPLETED",
      method: "SINGLE_PUT",
      storageKey: original,
      sizeBytes: BigInt((await stat(sample)).size),
      contentType: "video/mp4",
      fileName: "replacement.mp4",
      expiresAt: new Date(Date.now() + 60_000),
    },
  });

  await stopDispatchers();
  await processUploadJob(server.app.platform, { id: "job", data: { uploadId }, attempt: 1, isLastAttempt: false, signal: new AbortController().signal });
  const video = await server.db.video.findUniqueOrThrow({ where: { id: videoId } });
  expect(video.status).toBe("READY");
  expect(await storage.head(original)).not.toBeNull();
  expect(await storage.head(replaced)).not.toBeNull();

  await startNextServer();
  await waitUntil("the released files to be removed", async () => (await storage.head(original)) === null && (await storage.head(replaced)) === null, 30_000);
  expect(await storage.head(video.fileKey!)).not.toBeNull();
  const deliveries = () => server.db.domainEventDelivery.findMany({ where: { listener: "media:media.filesReleased", event: { aggregate: `video:${videoId}` } } });
  await waitUntil("the delivery to be recorded", async () => (await deliveries()).some((delivery) => delivery.deliveredAt));
  expect(await deliveries()).toEqual([expect.objectContaining({ attempts: 1, deliveredAt: expect.any(Date), failedAt: null })]);
});
