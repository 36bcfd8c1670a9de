// Journey: an instructor uploads files in the course editor. Multipart with parts of 8 MiB
// (the smallest the API allows), a failing part retried by itself, a part failing for good
// and retried by hand, a cancelled upload, a file processing refuses, a real video whose
// adaptive-streaming ladder the editor follows until it names the qualities learners get, and a
// recorded lecture picked as an .m4a sound file.
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { BrowserContext, Page, Route } from "playwright-core";
import { makeVideoFixture, VIDEO_FORMATS } from "../../server/src/modules/media/video-formats.fixtures.ts";
import { parseId } from "../../server/src/platform/ids.ts";
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { waitUntil } from "../../server/test/support/wait.ts";
import { screenshot, signInThroughForm } from "./support/browser.ts";
import { createDraftCourseWithVideo } from "./support/draft-course.ts";
import { useJourney } from "./support/journey.ts";
import { makeSampleVideo, routeMediaToTestServer } from "./support/media.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";

const JOURNEY = "video-upload";
const MIB = 1024 * 1024;
const PART_BYTES = 8 * MIB;
const journey = useJourney({
  withDataDir: true,
  env: { MULTIPART_THRESHOLD_BYTES: String(PART_BYTES), MULTIPART_PART_BYTES: String(PART_BYTES) },
});
let instructor: TestAccount;
/** 20 MiB of noise named .mp4: three parts, and a file processing cannot read. */
let notAVideo: string;

beforeAll(async () => {
  instructor = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Uma Uploader" });
  notAVideo = path.join(journey.dataDir, "noise.mp4");
  await writeFile(notAVideo, randomBytes(20 * MIB));
});

/** A draft course with one video, its editor open in a signed-in browser. */
async function openEditorWithVideo(title: string): Promise<{ context: BrowserContext; page: Page; videoId: string }> {
  const { courseId, videoId } = await createDraftCourseWithVideo(
    journey.server,
    instructor.accessToken,
    { title, description: "Uploads, tested." },
    "Lesson one",
  );
  const { context, page } = await journey.openVisitor();
  await routeMediaToTestServer(context, journey.server);
  await signInThroughForm(page, instructor.email, instructor.password);
  await page.goto(`/teach/courses/${encodeURIComponent(courseId)}/edit`);
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  return { context, page, videoId };
}

/** Watches the part PUTs: how many at once at most, and how often each part was tried. */
function watchPartRequests(context: BrowserContext, answer: (partNumber: number, attempt: number, route: Route) => Promise<void>) {
  const attempts = new Map<number, number>();
  const stats = { attempts, inFlight: 0, maxInFlight: 0 };
  const publicUrl = journey.server.app.platform.config.publicUrl;
  void context.route(`${publicUrl}/media/upload/**`, async (route) => {
    if (route.request().method() !== "PUT") return route.fallback();
    const partNumber = Number(new URL(route.request().url()).searchParams.get("partNumber"));
    const attempt = (attempts.get(partNumber) ?? 0) + 1;
    attempts.set(partNumber, attempt);
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      await answer(partNumber, attempt, route);
    } finally {
      stats.inFlight -= 1;
    }
  });
  return stats;
}

const failWith503 = (route: Route) =>
  route.fulfill({ status: 503, headers: { "Access-Control-Allow-Origin": "*" }, body: "busy" });

test("a multipart upload sends parts in parallel, retries a failing part by itself, and shows processing refusing the file", async () => {
  const { context, page, videoId } = await openEditorWithVideo("Multipart course");
  // Each part's first attempt is held until all three have arrived: a client that sent parts one
  // at a time would never get past this (the wait gives up after 30 s and maxInFlight stays 1).
  let releaseFirstAttempts = () => {};
  const allFirstAttemptsArrived = new Promise<void>((resolve) => (releaseFirstAttempts = resolve));
  const parts = watchPartRequests(context, async (partNumber, attempt, route) => {
    if (attempt === 1) {
      if (parts.attempts.size === 3) releaseFirstAttempts();
      await Promise.race([allFirstAttemptsArrived, new Promise((resolve) => setTimeout(resolve, 30_000))]);
    }
    if (partNumber === 2 && attempt === 1) return failWith503(route);
    await route.fallback();
  });

  await page.getByLabel("Upload a file for video Lesson one").setInputFiles(notAVideo);
  const progress = page.getByRole("progressbar", { name: "Uploading noise.mp4" });
  await progress.waitFor();
  await screenshot(page, JOURNEY, "01-uploading");
  await page.getByText("Failed", { exact: true }).waitFor({ timeout: 30_000 });
  // The instructor reads what to do, not ffprobe's words.
  await page.getByText("This file is not a video we can read. Export it as MP4 (H.264/AAC) and upload again.").waitFor();
  expect(await page.getByText(/moov atom|Invalid data found/).count()).toBe(0);
  await screenshot(page, JOURNEY, "02-processing-failed");

  expect([...parts.attempts].sort(([a], [b]) => a - b)).toEqual([[1, 1], [2, 2], [3, 1]]);
  // All three parts (fewer than MAX_PARALLEL_PARTS) were in flight at once, and never more.
  expect(parts.maxInFlight).toBe(3);
  const video = await journey.server.db.video.findUniqueOrThrow({ where: { id: parseId(videoId, "Video", "videoId") } });
  expect(video.status).toBe("FAILED");
  await context.close();
});

test("a part failing after every automatic retry can be retried by hand, sending only what is missing", async () => {
  const { context, page, videoId } = await openEditorWithVideo("Retry course");
  let storageDown = true;
  const parts = watchPartRequests(context, async (partNumber, _attempt, route) => {
    if (partNumber === 3 && storageDown) return failWith503(route);
    await route.fallback();
  });

  await page.getByLabel("Upload a file for video Lesson one").setInputFiles(notAVideo);
  const alert = page.getByRole("alert").filter({ hasText: "The upload of noise.mp4 failed." });
  await alert.waitFor({ timeout: 20_000 });
  expect(await alert.innerText()).toContain("The storage answered 503, even after 3 more tries.");
  expect(parts.attempts.get(3)).toBe(4);
  await screenshot(page, JOURNEY, "03-part-failed");

  storageDown = false;
  await page.getByRole("button", { name: "Retry the upload of Lesson one" }).click();
  await page.getByText("Failed", { exact: true }).waitFor({ timeout: 30_000 });
  expect(Object.fromEntries(parts.attempts)).toEqual({ 1: 1, 2: 1, 3: 5 });
  // The same upload was completed: the retry did not start over.
  const uploads = await journey.server.db.videoUpload.findMany({ where: { videoId: parseId(videoId, "Video", "videoId") } });
  expect(uploads).toHaveLength(1);
  expect(uploads[0]!.completedAt).not.toBeNull();
  await context.close();
});

test("cancelling stops the transfer and discards the upload; the video keeps no file", async () => {
  const { context, page, videoId } = await openEditorWithVideo("Cancel course");
  const heldParts: Route[] = [];
  watchPartRequests(context, async (_partNumber, _attempt, route) => {
    heldParts.push(route);
    // Never answered: only the cancel ends these requests.
    await new Promise(() => undefined);
  });

  await page.getByLabel("Upload a file for video Lesson one").setInputFiles(notAVideo);
  await page.getByRole("progressbar", { name: "Uploading noise.mp4" }).waitFor();
  await page.getByText("Uploading", { exact: true }).waitFor();
  await waitUntil("three parts in flight", () => heldParts.length === 3);
  await page.getByRole("button", { name: "Cancel the upload of Lesson one" }).click();
  await page.getByRole("status").getByText("Upload cancelled.").waitFor();
  await page.getByText("No file yet", { exact: true }).waitFor();
  await page.getByLabel("Upload a file for video Lesson one").waitFor();
  await screenshot(page, JOURNEY, "04-cancelled");

  const upload = await journey.server.db.videoUpload.findFirstOrThrow({ where: { videoId: parseId(videoId, "Video", "videoId") } });
  expect(upload.status).toBe("ABORTED");
  await context.close();
});

test("a file of a type the API refuses is turned down before anything is sent", async () => {
  const { context, page } = await openEditorWithVideo("Wrong type course");
  const text = path.join(journey.dataDir, "notes.txt");
  await writeFile(text, "not a video");
  await page.getByLabel("Upload a file for video Lesson one").setInputFiles(text);
  const alert = page.getByRole("alert").filter({ hasText: "The upload of notes.txt failed." });
  await alert.getByText("Choose an MP4, WebM, MOV, MKV or AVI video file, or an M4A, MP3, AAC, Ogg, Opus or WAV sound file.").waitFor();
  expect(await page.getByRole("button", { name: /Retry/ }).count()).toBe(0);
  expect(await journey.server.db.videoUpload.count({ where: { fileName: "notes.txt" } })).toBe(0);
  await context.close();
});

test("a real video becomes READY, its ladder's progress shows while ffmpeg works, then the row names the qualities learners get", async () => {
  const { context, page, videoId } = await openEditorWithVideo("Streaming course");
  // 720p: its ladder is 360p and the source's height.
  const file = await makeSampleVideo(path.join(journey.dataDir, "lesson.mp4"), 8, "1280x720");
  const preparing = page.getByRole("progressbar", { name: /^Preparing adaptive streaming: \d+ %$/ });
  // A short file may finish between two pushes, so the percents seen are checked, not required.
  const percentsSeen = new Set<string>();
  let watching = true;
  const watchPercents = (async () => {
    while (watching) {
      const labels = await page.getByText(/^Preparing adaptive streaming: /).allInnerTexts().catch(() => []);
      const firstSighting = percentsSeen.size === 0 && labels.length > 0;
      for (const label of labels) percentsSeen.add(label);
      if (firstSighting) await screenshotBothWidths(page, JOURNEY, "05-preparing-streaming");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();

  await page.getByLabel("Upload a file for video Lesson one").setInputFiles(file);
  await page.getByText("Ready", { exact: true }).waitFor({ timeout: 30_000 });
  await page.getByText("Streams in 360p, 720p", { exact: true }).waitFor({ timeout: 60_000 });
  expect(await preparing.count()).toBe(0);
  watching = false;
  await watchPercents;
  await screenshotBothWidths(page, JOURNEY, "06-streams-in");

  for (const name of percentsSeen) expect(name).toMatch(/^Preparing adaptive streaming: (\d|[1-9]\d|100) %$/);
  const video = await journey.server.db.video.findUniqueOrThrow({ where: { id: parseId(videoId, "Video", "videoId") } });
  expect(video.processingPercent).toBeNull();
  await context.close();
});

test("a lecture recorded as an .m4a sound file is picked, sent as audio/mp4 and becomes READY with its audio-only rendition", async () => {
  const { context, page, videoId } = await openEditorWithVideo("Sound course");
  const file = await makeVideoFixture(path.join(journey.dataDir, "lecture.m4a"), VIDEO_FORMATS["M4A/AAC"], { seconds: 6 });
  const picker = page.getByLabel("Upload a file for video Lesson one");
  expect((await picker.getAttribute("accept"))?.split(",")).toEqual(expect.arrayContaining(["audio/mp4", ".m4a"]));

  await picker.setInputFiles(file);
  await page.getByText("Ready", { exact: true }).waitFor({ timeout: 30_000 });
  const id = parseId(videoId, "Video", "videoId");
  await waitUntil("the audio-only rendition", async () => Boolean((await journey.server.db.video.findUniqueOrThrow({ where: { id } })).hlsMasterKey), 60_000);
  await screenshotBothWidths(page, JOURNEY, "07-sound-file-ready");

  const upload = await journey.server.db.videoUpload.findFirstOrThrow({ where: { videoId: id } });
  expect(upload).toMatchObject({ fileName: "lecture.m4a", contentType: "audio/mp4" });
  const video = await journey.server.db.video.findUniqueOrThrow({ where: { id } });
  expect(video).toMatchObject({ status: "READY", width: null, videoCodec: null, audioCodec: "aac", hlsRenditions: [] });
  expect(video.exactDurationSeconds).toBeCloseTo(6, 0);
  expect(await page.getByRole("alert").count()).toBe(0);
  await context.close();
});
