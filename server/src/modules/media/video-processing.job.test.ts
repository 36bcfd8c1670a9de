// The processing job beyond MP4: WebM kept as it is under a key of its own, and failures that are
// not the file's fault (retried, then FAILED with the reason).
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { startTestServer, type TestServer, UNTHROTTLED } from "../../../test/support/test-server.ts";
import { createCourse } from "../catalog/catalog.fixtures.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { type Cast, signUpCast } from "../identity/identity.fixtures.ts";
import { COMPLETE_UPLOAD, CREATE_VIDEO, PLAYBACK, putFile, reachable, START_UPLOAD, type StartedUpload, watchStatuses } from "./media.fixtures.ts";
import { processUploadJob } from "./video-processing.job.ts";
import { resolveFfmpegBinaries } from "./video-processing.ts";

const run = promisify(execFile);

let server: TestServer;
let cast: Cast;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "processing-"));
  server = await startTestServer({ ...UNTHROTTLED, DATA_DIR: dataDir });
  cast = await signUpCast(server);
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function newVideo() {
  const token = cast.owner.accessToken;
  const course = await createCourse(server, token);
  const created = await server.graphql(CREATE_VIDEO, { input: { courseId: course.id, title: "Lesson" } }, { token });
  return { courseId: course.id, videoId: created.data!.createVideo.id as string };
}

it("plays a WebM upload as it is, as video/webm, from a key no upload URL can write", async () => {
  const file = path.join(dataDir, "clip.webm");
  await run(resolveFfmpegBinaries().ffmpegPath, [
    ...["-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=2:size=160x120:rate=15"],
    ...["-c:v", "libvpx", "-b:v", "200k", file],
  ]);
  const { courseId, videoId } = await newVideo();
  const watch = await watchStatuses(server.subscriptionClient(cast.owner.accessToken), courseId);
  const input = { videoId, fileName: "clip.webm", contentType: "video/webm", sizeBytes: (await stat(file)).size };
  const upload = (await server.graphql(START_UPLOAD, { input }, { token: cast.owner.accessToken })).data!.startVideoUpload as StartedUpload;
  await putFile(server, upload, file, "video/webm");
  await server.graphql(COMPLETE_UPLOAD, { uploadId: upload.id }, { token: cast.owner.accessToken });
  await watch.until((w) => w.events.some((event) => event.status === "READY" || event.status === "FAILED"));
  expect(watch.events.at(-1)).toMatchObject({ status: "READY", durationSeconds: 2 });

  const { video } = (await server.graphql(PLAYBACK, { id: videoId }, { token: cast.owner.accessToken })).data!;
  expect(video.playback.mimeType).toBe("video/webm");
  expect(video.playback.url).toContain("/video.webm?");
  const play = async () => Buffer.from(await (await fetch(reachable(server, video.playback.url))).arrayBuffer());
  const before = await play();
  expect(before.equals(await readFile(file))).toBe(true);
  // The local driver refuses the completed upload's URL; an S3 one works until it expires, but
  // writes the upload's own key, never the played file.
  expect((await fetch(reachable(server, upload.url!), { method: "PUT", body: Buffer.alloc(input.sizeBytes) })).status).toBe(409);
  expect((await play()).equals(before)).toBe(true);
  expect((await server.db.video.findUniqueOrThrow({ where: { id: databaseId(videoId) } })).videoCodec).toBe("vp8");
});

it("leaves the video PROCESSING for a retry of a failure not caused by the file, and FAILED with the reason on the last attempt", async () => {
  const { videoId } = await newVideo();
  const id = databaseId(videoId);
  await server.db.video.update({ where: { id }, data: { status: "PROCESSING" } });
  const upload = await server.db.videoUpload.create({
    data: {
      videoId: id,
      status: "COMPLETED",
      method: "SINGLE_PUT",
      storageKey: `videos/${id}/lost/source.mp4`,
      sizeBytes: BigInt(10),
      contentType: "video/mp4",
      fileName: "lost.mp4",
      expiresAt: new Date(Date.now() + 60_000),
    },
  });
  const attempt = (number: number) => ({
    id: "job",
    data: { uploadId: upload.id },
    attempt: number,
    isLastAttempt: number === 3,
    signal: new AbortController().signal,
  });

  await expect(processUploadJob(server.app.platform, attempt(1))).rejects.toThrow(/is missing/);
  expect(await server.db.video.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "PROCESSING", processingError: null });
  await expect(processUploadJob(server.app.platform, attempt(3))).rejects.toThrow(/is missing/);
  expect(await server.db.video.findUniqueOrThrow({ where: { id } })).toMatchObject({
    status: "FAILED",
    processingError: "We could not finish processing this video. Upload the file again; if it fails again, try again later.",
    processingErrorDetail: expect.stringMatching(/^processing failed 3 times; last error: .*is missing/),
  });
  expect(await server.db.videoUpload.findUniqueOrThrow({ where: { id: upload.id } })).toMatchObject({ status: "FAILED" });
});
