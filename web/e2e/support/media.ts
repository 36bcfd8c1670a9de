// Video files for the journeys, and the way the browser reaches the API's media routes.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { BrowserContext, Page } from "playwright-core";
import type { TestServer } from "../../../server/test/support/test-server.ts";

/**
 * The API signs upload and playback URLs for its PUBLIC_URL, but the test server listens on a
 * port chosen later: send those requests, unchanged otherwise, to where it listens.
 */
export async function routeMediaToTestServer(context: BrowserContext, server: TestServer): Promise<void> {
  const publicUrl = server.app.platform.config.publicUrl;
  if (publicUrl === server.url) return;
  await context.route(`${publicUrl}/media/**`, (route) =>
    route.continue({ url: server.url + route.request().url().slice(publicUrl.length) }),
  );
}

const FFMPEG_PATH = "/usr/bin/ffmpeg";
const run = promisify(execFile);

/** An H.264/AAC MP4 of ffmpeg's test pattern and a 440 Hz tone, `seconds` long, `size` pixels. */
export async function makeSampleVideo(file: string, seconds = 3, size = "320x240"): Promise<string> {
  await run(FFMPEG_PATH, [
    ...["-hide_banner", "-v", "error", "-y"],
    ...["-f", "lavfi", "-i", `testsrc=duration=${seconds}:size=${size}:rate=25`],
    ...["-f", "lavfi", "-i", `sine=frequency=440:duration=${seconds}`],
    ...["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file],
  ]);
  return file;
}

/** A square PNG of ffmpeg's test pattern, for profile pictures. */
export async function makeSamplePicture(file: string, size = 128): Promise<string> {
  await run(FFMPEG_PATH, [
    ...["-hide_banner", "-v", "error", "-y"],
    ...["-f", "lavfi", "-i", `testsrc=size=${size}x${size}`],
    ...["-frames:v", "1", file],
  ]);
  return file;
}

/** Moves the lesson's video to `seconds` once it knows its length, as the learner's seek bar would. */
export async function seekLessonVideo(page: Page, seconds: number): Promise<void> {
  await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>("video.lesson-video")?.readyState ?? 0) >= 1);
  await page.evaluate((to) => {
    document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime = to;
  }, seconds);
}
