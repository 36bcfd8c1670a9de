// The outbox through the whole app: an upload completed on a server whose dispatcher has stopped
// (as if the process died right after the commit) is processed once the next server starts on the
// same database, its job sent once.
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp, type App } from "../src/app.ts";
import { createCourse, databaseId, signUpCast, type Cast } from "../src/modules/catalog/catalog.test-support.ts";
import { COMPLETE_UPLOAD, CREATE_VIDEO, makeSampleVideo, putFile, START_UPLOAD, type StartedUpload } from "../src/modules/media/upload.test-support.ts";
import { loadConfig } from "../src/platform/config.ts";
import { createDatabase, type Database } from "../src/platform/db.ts";
import { createLogger } from "../src/platform/logger.ts";
import { startTestServer, type TestServer, UNTHROTTLED } from "./support/test-server.ts";
import { waitUntil } from "./support/wait.ts";

let dataDir: string;
let server: TestServer;
let cast: Cast;
let next: { app: App; db: Database } | undefined;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "domain-events-"));
  server = await startTestServer({ ...UNTHROTTLED, DATA_DIR: dataDir });
  cast = await signUpCast(server);
});
afterAll(async () => {
  await next?.app.close();
  await next?.db.$disconnect();
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

it("an upload completed while no dispatcher runs is processed, its job sent once, by the next server on the database", async () => {
  const token = cast.owner.accessToken;
  const sample = await makeSampleVideo(path.join(dataDir, "sample.mp4"), { seconds: 1 });
  const course = await createCourse(server, token);
  const videoId = (await server.graphql(CREATE_VIDEO, { input: { courseId: course.id, title: "Lesson" } }, { token })).data!.createVideo.id as string;
  const input = { videoId, fileName: "lesson.mp4", contentType: "video/mp4", sizeBytes: (await stat(sample)).size };
  const upload = (await server.graphql(START_UPLOAD, { input }, { token })).data!.startVideoUpload as StartedUpload;
  await putFile(server, upload, sample, "video/mp4");

  await server.app.domainEvents.stop();
  const completed = await server.graphql(COMPLETE_UPLOAD, { uploadId: upload.id }, { token });
  expect(completed.data?.completeVideoUpload).toMatchObject({ status: "COMPLETED", video: { status: "PROCESSING" } });
  const uploadId = databaseId(upload.id);
  const jobs = () => server.db.$queryRaw<{ id: string }[]>`SELECT id::text FROM pgboss.job WHERE name = 'media-process-upload' AND data->>'uploadId' = ${uploadId}`;
  expect(await jobs()).toEqual([]);

  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", DATABASE_URL: server.databaseUrl, SEED_DEMO_DATA: "false", PUBLIC_CACHE_SECONDS: "0", DATA_DIR: dataDir, ...UNTHROTTLED });
  const db = createDatabase({ url: server.databaseUrl, poolSize: 2 });
  next = { app: await createApp(config, db, createLogger("silent")), db };
  await waitUntil("the video to become READY", async () => (await server.db.video.findUniqueOrThrow({ where: { id: databaseId(videoId) } })).status === "READY", 60_000);
  expect(await jobs()).toHaveLength(1);
  expect(await server.db.domainEventDelivery.findMany({ where: { listener: "media:media.uploadCompleted" } })).toEqual([
    expect.objectContaining({ attempts: 1, deliveredAt: expect.any(Date), failedAt: null }),
  ]);
});
