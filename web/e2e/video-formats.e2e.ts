// Journey: every kind of file instructors send plays. One course holds a lesson per container and
// codec (MP4/H.264, WebM/VP9, MOV/MJPEG, AVI/MPEG-4 Part 2, MKV/HEVC when this ffmpeg makes it,
// sound alone as an M4A, an MP3 and a WAV, a portrait video), each processed as an upload is; an
// enrolled learner plays every lesson in chromium through the real player, hls.js streaming its
// ladder. On a throttled network hls.js plays the lower of the 720p lesson's two renditions, and
// the quality menu says which it plays.
import type { BrowserContext, Page } from "playwright-core";
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { cannotEncode, VIDEO_FORMATS, type VideoFormatName } from "../../server/src/modules/media/video-formats.fixtures.ts";
import { signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { arrangeLearnableCourse } from "./support/learnable-course.ts";
import { routeMediaToTestServer } from "./support/media.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";

const JOURNEY = "video-formats";
const journey = useJourney({ withDataDir: true });
const LADDER_TIMEOUT_MS = 90_000;

const ENROLL = /* GraphQL */ `mutation ($courseId: ID!) { enroll(courseId: $courseId) { id } }`;
const STREAMING = /* GraphQL */ `
  query ($id: ID!) { video(id: $id) { status processingError playback { hlsUrl renditions { height bandwidth } } } }
`;

interface Streaming {
  status: string;
  processingError: string | null;
  playback: { hlsUrl: string | null; renditions: { height: number; bandwidth: number }[] } | null;
}

interface Lesson {
  title: string;
  format: VideoFormatName;
  /** Width x height; 320x240 when absent. */
  size?: string;
  seconds: number;
  /** Set up in beforeAll: its id, or why this ffmpeg cannot make it. */
  videoId?: string;
  skipped?: string;
}

// Short and small, so that the ladders are made in seconds; the 720p one has two renditions and three segments.
const LESSONS: Lesson[] = [
  { title: "MP4 with H.264 in 720p", format: "MP4/H.264", size: "1280x720", seconds: 12 },
  { title: "WebM with VP9", format: "WebM/VP9", seconds: 4 },
  { title: "QuickTime with Motion JPEG", format: "MOV/MJPEG", seconds: 4 },
  { title: "AVI with MPEG-4 Part 2", format: "AVI/MPEG-4 Part 2", seconds: 4 },
  { title: "Matroska with HEVC", format: "MKV/HEVC", seconds: 4 },
  { title: "Sound alone", format: "M4A/AAC", seconds: 4 },
  { title: "Sound alone as an MP3 with a cover picture", format: "MP3", seconds: 4 },
  { title: "Sound alone as a WAV", format: "WAV", seconds: 4 },
  { title: "A portrait video", format: "MP4/H.264", size: "360x640", seconds: 4 },
];
const lesson = (title: string) => LESSONS.find((candidate) => candidate.title === title)!;

let learner: TestAccount;
let instructor: TestAccount;
let courseId: string;
/** The learner's, signed in once for every lesson. */
let context: BrowserContext;
let page: Page;

async function streaming(videoId: string): Promise<Streaming> {
  const answer = await journey.server.graphql(STREAMING, { id: videoId }, { token: instructor.accessToken });
  return (answer.data as { video: Streaming }).video;
}

/** Waits until the video streams its ladder; every lesson here gets one, sound alone too. */
async function untilLadder(videoId: string): Promise<Streaming> {
  const deadline = Date.now() + LADDER_TIMEOUT_MS;
  for (;;) {
    const video = await streaming(videoId);
    if (video.status === "FAILED") throw new Error(`processing failed: ${video.processingError}`);
    if (video.status === "READY" && video.playback?.hlsUrl) return video;
    if (Date.now() > deadline) throw new Error(`no HLS ladder in time: ${JSON.stringify(video)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  instructor = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Fiona Formats" });
  learner = await signUp(journey.server, { displayName: "Pat Player" });
  for (const candidate of LESSONS) {
    const skipped = await cannotEncode(VIDEO_FORMATS[candidate.format]);
    if (skipped) candidate.skipped = skipped;
  }
  const made = LESSONS.filter((candidate) => !candidate.skipped);
  const started = Date.now();
  const course = await arrangeLearnableCourse(journey.server, instructor.accessToken, journey.dataDir, {
    title: "Every kind of file",
    description: "One lesson per container and codec.",
    videos: made.map(({ title, format, size, seconds }) => ({ title, seconds, size, format: VIDEO_FORMATS[format] })),
  });
  courseId = course.courseId;
  made.forEach((candidate, index) => (candidate.videoId = course.videoIds[index]));
  const enrolled = await journey.server.graphql(ENROLL, { courseId }, { token: learner.accessToken });
  if (!enrolled.data?.enroll) throw new Error(`enroll failed: ${JSON.stringify(enrolled.errors)}`);
  const imported = Date.now();
  await Promise.all(made.map((candidate) => untilLadder(candidate.videoId!)));
  console.log(`video-formats: ${made.length} files made and processed in ${imported - started} ms, their ladders ready ${Date.now() - imported} ms later`);
  ({ context, page } = await journey.openVisitor());
  await routeMediaToTestServer(context, journey.server);
  await signInThroughForm(page, learner.email, learner.password);
}, LADDER_TIMEOUT_MS + 60_000);

/** The lesson's video element, as the assertions read it. */
function videoState() {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>("video.lesson-video")!;
    return { src: video.src, currentTime: video.currentTime, videoWidth: video.videoWidth, videoHeight: video.videoHeight };
  });
}

async function openLesson({ title, videoId }: Lesson): Promise<void> {
  await page.goto(`/learn/courses/${encodeURIComponent(courseId)}/videos/${encodeURIComponent(videoId!)}`);
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>("video.lesson-video")?.readyState ?? 0) >= 1);
}

/** Plays the lesson, muted (browsers let that start without a click), from the keyboard, until a second has played. */
async function playASecond(): Promise<void> {
  await page.evaluate(() => {
    document.querySelector<HTMLVideoElement>("video.lesson-video")!.muted = true;
  });
  await page.focus("video.lesson-video");
  await page.keyboard.press("Space");
  await page.waitForFunction(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime >= 1);
}

/** The element's box on the page, at the window's width. */
async function videoBox(): Promise<{ width: number; height: number }> {
  return (await page.locator("video.lesson-video").boundingBox())!;
}

const PHONE = { width: 390, height: 844 };

test.each(LESSONS.map((candidate) => [candidate.title, candidate] as const))("%s plays through hls.js", async (_title, candidate) => {
  if (candidate.skipped) {
    console.warn(`skipped ${candidate.format}: ${candidate.skipped}`);
    return;
  }
  await openLesson(candidate);
  await playASecond();
  // The ladder through a MediaSource, whatever the uploaded container.
  expect((await videoState()).src).toMatch(/^blob:/);
});

test("a portrait video stands upright, and sound alone shows as such, on a phone and a desktop", async () => {
  const desktop = page.viewportSize()!;
  /** The element's box at a desktop's width and at a phone's. */
  const boxesAtBothWidths = async () => {
    const atDesktop = await videoBox();
    await page.setViewportSize(PHONE);
    const atPhone = await videoBox();
    await page.setViewportSize(desktop);
    return [atDesktop, atPhone];
  };

  await openLesson(lesson("A portrait video"));
  await playASecond();
  const picture = await videoState();
  expect(picture.videoWidth).toBeLessThan(picture.videoHeight);
  // In an upright box, not a sliver in a landscape one.
  for (const box of await boxesAtBothWidths()) expect(box.height).toBeGreaterThan(box.width);
  await page.evaluate(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.pause());
  await screenshotBothWidths(page, JOURNEY, "01-portrait-video", { fullPage: false });

  await openLesson(lesson("Sound alone"));
  await playASecond();
  expect((await videoState()).videoHeight).toBe(0);
  // The controls without an empty screen above them, and no quality to choose.
  for (const box of await boxesAtBothWidths()) expect(box.height).toBeLessThan(box.width / 2);
  expect(await page.getByRole("button", { name: /^Quality/ }).count()).toBe(0);
  await page.evaluate(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.pause());
  await screenshotBothWidths(page, JOURNEY, "02-sound-alone", { fullPage: false });
});

test("on a slow network hls.js plays the lower rendition, and the quality menu names it", async () => {
  const { renditions } = (await streaming(lesson("MP4 with H.264 in 720p").videoId!)).playback!;
  expect(renditions.map((rendition) => rendition.height)).toEqual([360, 720]);
  const [low, high] = renditions.map((rendition) => rendition.bandwidth) as [number, number];
  // Half again the 360p rendition's announced bandwidth: room for it, nowhere near the 720p one.
  const throughputBitsPerSecond = low * 1.5;
  expect(throughputBitsPerSecond).toBeLessThan(high / 1.5);

  // Throttled before the lesson opens, so that hls.js measures the slow network from its first segment.
  const cdp = await context.newCDPSession(page);
  // Bytes per second; -1 lifts the limit.
  const throttle = (throughput: number) =>
    cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 40, downloadThroughput: throughput, uploadThroughput: throughput });
  // Each segment's bytes over the time from its request to its last byte: what the throttle let through.
  const sentAt = new Map<string, number>();
  const segmentThroughputs: number[] = [];
  cdp.on("Network.requestWillBeSent", (event) => {
    if (/segment_\d+\.ts/.test(event.request.url)) sentAt.set(event.requestId, event.timestamp);
  });
  cdp.on("Network.loadingFinished", (event) => {
    const sent = sentAt.get(event.requestId);
    if (sent !== undefined) segmentThroughputs.push((event.encodedDataLength * 8) / (event.timestamp - sent));
  });
  try {
    await cdp.send("Network.enable");
    await throttle(throughputBitsPerSecond / 8);
    await openLesson(lesson("MP4 with H.264 in 720p"));
    // Every picture size the element shows while it plays.
    await page.evaluate(() => {
      const video = document.querySelector<HTMLVideoElement>("video.lesson-video")!;
      const heights: number[] = [];
      (window as unknown as { pictureHeights: number[] }).pictureHeights = heights;
      const record = () => {
        if (video.videoHeight > 0) heights.push(video.videoHeight);
      };
      record();
      video.addEventListener("resize", record);
    });
    await playASecond();
    // Into the third segment (4 s each): hls.js has measured the network on the first ones.
    await page.waitForFunction(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime >= 8.5, undefined, { timeout: 60_000 });
    const heights = await page.evaluate(() => (window as unknown as { pictureHeights: number[] }).pictureHeights);
    expect(heights.length).toBeGreaterThan(0);
    expect(heights).not.toContain(720);
    // The throttle held: no segment came faster (a busy machine only makes them slower).
    expect(segmentThroughputs.length).toBeGreaterThan(0);
    for (const measured of segmentThroughputs) expect(measured).toBeLessThan(throughputBitsPerSecond * 1.25);

    // The menu's Auto names the rendition on screen.
    const playing = (await videoState()).videoHeight;
    await page.getByRole("button", { name: "Quality Auto" }).click();
    const auto = page.getByRole("menu", { name: "Quality" }).getByRole("menuitemradio").first();
    expect(await auto.innerText()).toBe(`Auto (${playing}p)`);
    await screenshotBothWidths(page, JOURNEY, "03-quality-on-a-slow-network", { fullPage: false });
    await page.keyboard.press("Escape");
    const kbps = (bits: number) => `${Math.round(bits / 1000)}`;
    console.log(
      `video-formats: throttled to ${kbps(throughputBitsPerSecond)} kbit/s (renditions ${kbps(low)} and ${kbps(high)}); ` +
        `segments came at ${segmentThroughputs.map(kbps).join(", ")} kbit/s; picture heights ${heights.join(", ")}`,
    );
  } finally {
    await throttle(-1);
    await cdp.detach();
  }
});
