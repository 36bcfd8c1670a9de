// Journey: the learner's player. A learner opens a lesson whose video has a transcript: the
// captions are on, a track made from the transcript; they turn them off (the choice outlasts a
// reload) and on again with the C key, pick a speed from the menu, play the video, seek with the
// keyboard and open the shortcuts' help. The video streams from its HLS ladder through hls.js,
// whose renditions the quality menu offers. Another learner seeks with the player's bar: pointing
// at it shows the thumbnail of that moment (the thumbnails track is fetched only then), a mouse
// drag, an arrow key and a finger's drag each seek once. At a desktop's width and a phone's.
import type { Page } from "playwright-core";
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { databaseId } from "../../server/test/support/ids.ts";
import { waitUntil } from "../../server/test/support/wait.ts";
import { screenshot, signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { arrangeLearnableCourse, enrollAll, waitForLadder } from "./support/learnable-course.ts";
import { routeMediaToTestServer } from "./support/media.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";

const JOURNEY = "player";
const journey = useJourney({ withDataDir: true });
let learner: TestAccount;
/** Seeks with the bar, in a browser of their own: the first learner's events would mix with theirs. */
let seeker: TestAccount;
let course: { courseId: string; slug: string; videoIds: string[] };

const LADDER_TIMEOUT_MS = 60_000;
const UPDATE_VIDEO = /* GraphQL */ `mutation ($id: ID!, $input: UpdateVideoInput!) { updateVideo(id: $id, input: $input) { id } }`;
const TRANSCRIPT = ["WEBVTT", "00:00.000 --> 00:10.000\nOpen a terminal from the menu.", "00:10.000 --> 00:24.000\nType ls to list the files."].join(
  "\n\n",
);

beforeAll(async () => {
  const instructor = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Irene Instructor" });
  learner = await signUp(journey.server, { displayName: "Lena Learner" });
  seeker = await signUp(journey.server, { displayName: "Sam Seeker" });
  course = await arrangeLearnableCourse(journey.server, instructor.accessToken, journey.dataDir, {
    title: "Shell basics",
    description: "Find your way around a terminal.",
    videos: [{ title: "Opening the terminal", seconds: 24 }],
  });
  // The transcript: the learner's captions.
  const updated = await journey.server.graphql(
    UPDATE_VIDEO,
    { id: course.videoIds[0], input: { transcriptVtt: TRANSCRIPT } },
    { token: instructor.accessToken },
  );
  if (!updated.data?.updateVideo) throw new Error(`updateVideo failed: ${JSON.stringify(updated.errors)}`);
  await enrollAll(journey.server, course.courseId, [learner, seeker]);
  await waitForLadder(journey.server, instructor.accessToken, course.videoIds[0]!, LADDER_TIMEOUT_MS);
}, LADDER_TIMEOUT_MS + 30_000);

/** The lesson's video element's state that the journey checks. */
function videoState(page: Page) {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>("video.lesson-video")!;
    const track = video.querySelector("track");
    return {
      currentTime: video.currentTime,
      paused: video.paused,
      playbackRate: video.playbackRate,
      trackKind: track?.kind ?? null,
      captionsMode: video.textTracks[0]?.mode ?? null,
    };
  });
}

function waitForCaptions(page: Page, mode: TextTrackMode): Promise<unknown> {
  return page.waitForFunction(
    (expected) => document.querySelector<HTMLVideoElement>("video.lesson-video")?.textTracks[0]?.mode === expected,
    mode,
  );
}

async function pressOnVideo(page: Page, key: string): Promise<void> {
  await page.focus("video.lesson-video");
  await page.keyboard.press(key);
}

test("a learner watches with captions, a faster speed and the keyboard", async () => {
  const { context, page } = await journey.openVisitor();
  await routeMediaToTestServer(context, journey.server);
  await signInThroughForm(page, learner.email, learner.password);
  const opened = Date.now();
  await page.goto(`/learn/courses/${encodeURIComponent(course.courseId)}/videos/${encodeURIComponent(course.videoIds[0]!)}`);
  await page.getByRole("heading", { level: 1, name: "Opening the terminal" }).waitFor();
  // The first frame, within the seed's 5 s budget from opening the lesson (the app, the course, hls.js, the playlists, a segment).
  await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>("video.lesson-video")?.readyState ?? 0) >= 2);
  const firstFrameMs = Date.now() - opened;
  expect(firstFrameMs).toBeLessThan(5_000);
  // hls.js plays the ladder through a MediaSource, though chromium would play HLS itself.
  expect(await page.evaluate(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.src)).toMatch(/^blob:/);

  // Captions from the transcript, on by default.
  const captionsButton = page.getByRole("button", { name: "Captions" });
  await waitForCaptions(page, "showing");
  expect((await videoState(page)).trackKind).toBe("captions");
  expect(await captionsButton.getAttribute("aria-pressed")).toBe("true");

  // Off with the button; still off after a reload; on again with C.
  await captionsButton.click();
  await waitForCaptions(page, "hidden");
  expect(await captionsButton.getAttribute("aria-pressed")).toBe("false");
  await page.reload();
  await page.waitForFunction(() => document.querySelector("video.lesson-video track") !== null);
  await waitForCaptions(page, "hidden");
  await pressOnVideo(page, "c");
  await waitForCaptions(page, "showing");

  // A speed from the menu applies to the element.
  await page.getByRole("button", { name: "Speed: 1×" }).click();
  await page.getByRole("menuitemradio", { name: "1.5×" }).click();
  await page.getByRole("button", { name: "Speed: 1.5×" }).waitFor();
  expect((await videoState(page)).playbackRate).toBe(1.5);

  // It plays, muted (which browsers let start without a click), through the real player.
  await page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>("video.lesson-video")!;
    video.muted = true;
  });
  const pressed = Date.now();
  await pressOnVideo(page, "Space");
  await page.waitForFunction(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime > 0);
  const playbackStartMs = Date.now() - pressed;
  expect(playbackStartMs).toBeLessThan(5_000);
  console.log(`player: first frame ${firstFrameMs} ms after opening the lesson, playing ${playbackStartMs} ms after the key`);
  await page.waitForFunction(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime >= 1);
  await screenshotBothWidths(page, JOURNEY, "01-playing-with-captions");

  // Auto picks a rendition by bandwidth; the learner may fix one, and it goes on playing.
  await page.getByRole("button", { name: "Quality Auto" }).click();
  const qualities = page.getByRole("menu", { name: "Quality" }).getByRole("menuitemradio");
  const names = await qualities.allInnerTexts();
  expect(names[0]).toMatch(/^Auto/);
  expect(names.length).toBeGreaterThan(1);
  await screenshotBothWidths(page, JOURNEY, "02-quality-menu", { fullPage: false });
  const lowest = names.at(-1)!;
  await qualities.and(page.getByRole("menuitemradio", { name: lowest, exact: true })).click();
  await page.getByRole("button", { name: `Quality ${lowest}` }).waitFor();
  const atChoice = (await videoState(page)).currentTime;
  await page.waitForFunction((from) => document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime >= from + 1, atChoice);
  await pressOnVideo(page, "k");
  await page.waitForFunction(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.paused);

  // Seeking with the keyboard (space and K play and pause): L forward 10 s, the left arrow back 5 s.
  const before = (await videoState(page)).currentTime;
  await pressOnVideo(page, "l");
  await page.waitForFunction((from) => Math.abs(document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime - (from + 10)) < 0.1, before);
  await pressOnVideo(page, "ArrowLeft");
  await page.waitForFunction((from) => Math.abs(document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime - (from + 5)) < 0.1, before);
  expect((await videoState(page)).paused).toBe(true);

  // The shortcuts' help, from the keyboard.
  await pressOnVideo(page, "Shift+?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await help.getByText("Back or forward 10 seconds").waitFor();
  await screenshotBothWidths(page, JOURNEY, "03-shortcuts-help", { fullPage: false });
  await page.keyboard.press("Escape");
  await help.waitFor({ state: "hidden" });
  // Its video would otherwise go on playing through the next test.
  await context.close();
});

/** The thumbnails track's cue covering `seconds`: its sprite URL and region, read here apart from the player's parser. */
function cueOf(vtt: string, seconds: number): { image: string; x: number; y: number; width: number; height: number } {
  const toSeconds = (time: string) => time.split(":").reduce((total, part) => total * 60 + Number(part), 0);
  for (const match of vtt.matchAll(/^(\S+) --> (\S+)\n(\S+)#xywh=(\d+),(\d+),(\d+),(\d+)$/gm)) {
    if (seconds >= toSeconds(match[1]!) && seconds < toSeconds(match[2]!)) {
      return { image: match[3]!, x: Number(match[4]), y: Number(match[5]), width: Number(match[6]), height: Number(match[7]) };
    }
  }
  throw new Error(`no thumbnail cue at ${seconds} s in ${vtt}`);
}

/** Longer than analytics' settling time, after which a seek is the learner's next one. */
const SEPARATE_SEEKS_MS = 1_000;

/** The player's way of writing a time under a minute: "0:07". */
function clock(seconds: number): string {
  return `0:${String(Math.floor(seconds)).padStart(2, "0")}`;
}

function currentTime(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime);
}

test("the seek bar shows the thumbnail of the moment pointed at, and a drag, a key or a finger seeks once", async () => {
  const { context, page } = await journey.openVisitor();
  await routeMediaToTestServer(context, journey.server);
  const trackRequests: string[] = [];
  page.on("request", (request) => {
    if (/thumbnails\.vtt/.test(request.url())) trackRequests.push(request.url());
  });
  await signInThroughForm(page, seeker.email, seeker.password);
  await page.goto(`/learn/courses/${encodeURIComponent(course.courseId)}/videos/${encodeURIComponent(course.videoIds[0]!)}`);
  await page.getByRole("heading", { level: 1, name: "Opening the terminal" }).waitFor();
  const bar = page.getByRole("slider", { name: "Seek" });
  await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>("video.lesson-video")?.readyState ?? 0) >= 2);
  await waitUntil("the seek bar enabled", async () => !(await bar.isDisabled()));
  const duration = await page.evaluate(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.duration);
  expect(await bar.getAttribute("aria-valuetext")).toBe(`0:00 of ${clock(duration)}`);
  // A lesson opened is not a lesson sought in: the previews wait for the bar.
  expect(trackRequests).toEqual([]);

  // Pointing at 55 % of the bar: the thumbnails track comes, and the tile shows its sprite's region for that moment.
  const track = page.locator(".seek-bar-track");
  const box = (await track.boundingBox())!;
  const at = (fraction: number) => ({ x: box.x + box.width * fraction, y: box.y + box.height / 2 });
  const vttResponse = page.waitForResponse((response) => /thumbnails\.vtt/.test(response.url()));
  const spriteResponse = page.waitForResponse((response) => /thumbnails\.jpg/.test(response.url()));
  await page.mouse.move(at(0.55).x, at(0.55).y);
  const vtt = await (await vttResponse).text();
  expect(trackRequests).toHaveLength(1);
  const pointedSeconds = duration * 0.55;
  const cue = cueOf(vtt, pointedSeconds);
  const tile = page.locator(".seek-preview-image");
  await tile.waitFor();
  const style = await tile.evaluate((element) => {
    const computed = getComputedStyle(element);
    return { image: computed.backgroundImage, position: computed.backgroundPosition, width: computed.width, height: computed.height };
  });
  expect(style).toEqual({
    image: `url("${new URL(cue.image, trackRequests[0]).href}")`,
    position: `${-cue.x}px ${-cue.y}px`,
    width: `${cue.width}px`,
    height: `${cue.height}px`,
  });
  expect(cue.x + cue.y).toBeGreaterThan(0);
  expect(await page.locator(".seek-preview-time").innerText()).toBe(clock(pointedSeconds));
  expect((await spriteResponse).status()).toBe(200);
  await screenshot(page, JOURNEY, "04-seek-preview");

  // A mouse drag from the start to 30 %, resting halfway (longer than analytics' settling): one seek, where it is let go.
  const thumb = page.locator(".seek-bar-thumb");
  const thumbBox = (await thumb.boundingBox())!;
  await page.mouse.move(thumbBox.x + thumbBox.width / 2, thumbBox.y + thumbBox.height / 2);
  await page.mouse.down();
  await page.mouse.move(at(0.15).x, at(0.15).y, { steps: 5 });
  await page.locator(".seek-preview-time").getByText(/^0:0[34]$/).waitFor();
  await page.waitForTimeout(800);
  expect(await currentTime(page)).toBe(0);
  await page.mouse.move(at(0.3).x, at(0.3).y, { steps: 5 });
  await page.mouse.up();
  const dragged = await currentTime(page);
  expect(Math.abs(dragged - duration * 0.3)).toBeLessThan(0.3);
  await page.mouse.move(0, 0);
  await page.locator(".seek-preview").waitFor({ state: "detached" });
  // Analytics takes seeks closer together than 400 ms for one: these are the learner's separate ones.
  await page.waitForTimeout(SEPARATE_SEEKS_MS);

  // The arrow keys on the bar step as on the video: 5 s.
  await bar.focus();
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction((from) => Math.abs(document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime - (from + 5)) < 0.1, dragged);
  await waitUntil("the bar at the new time", async () => (await bar.getAttribute("aria-valuetext")) === `${clock(dragged + 5)} of ${clock(duration)}`);
  await page.waitForTimeout(SEPARATE_SEEKS_MS);

  // A finger on the bar at 60 %, dragged to 80 %: the preview follows it, at both widths while it is down.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: true, maxTouchPoints: 1 });
  const touch = (type: "touchStart" | "touchMove" | "touchEnd", fraction?: number) =>
    cdp.send("Input.dispatchTouchEvent", { type, touchPoints: fraction === undefined ? [] : [{ ...at(fraction), id: 1 }] });
  await touch("touchStart", 0.6);
  for (const fraction of [0.65, 0.7, 0.75, 0.8]) await touch("touchMove", fraction);
  const touchedSeconds = duration * 0.8;
  await page.locator(".seek-preview-time").getByText(clock(touchedSeconds), { exact: true }).waitFor();
  const touchedCue = cueOf(vtt, touchedSeconds);
  expect(await tile.evaluate((element) => getComputedStyle(element).backgroundPosition)).toBe(`${-touchedCue.x}px ${-touchedCue.y}px`);
  await screenshotBothWidths(page, JOURNEY, "05-seek-preview-touch", { fullPage: false });
  await touch("touchEnd");
  await page.waitForFunction((to) => Math.abs(document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime - to) < 0.3, touchedSeconds);
  const touched = await currentTime(page);

  // Each seek is one VIDEO_SEEK event (the player sends them in batches every 10 s).
  const seeks = () =>
    journey.server.db.analyticsEvent.findMany({
      where: { userId: databaseId(seeker.id), type: "VIDEO_SEEK" },
      orderBy: { occurredAt: "asc" },
      select: { fromPositionSeconds: true, positionSeconds: true },
    });
  await waitUntil("the three seeks stored", async () => (await seeks()).length >= 3);
  const stored = await seeks();
  const rounded = (seconds: number) => Math.round(seconds * 10) / 10;
  expect(stored).toEqual([
    { fromPositionSeconds: 0, positionSeconds: rounded(dragged) },
    { fromPositionSeconds: rounded(dragged), positionSeconds: rounded(dragged + 5) },
    { fromPositionSeconds: rounded(dragged + 5), positionSeconds: rounded(touched) },
  ]);
  expect(trackRequests).toHaveLength(1);
  await context.close();
});
