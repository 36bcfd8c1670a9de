// Journey (issue 17): a lesson plays on after its signed URLs expire. With URLs that last a minute
// (VIDEO_URL_TTL=60), two learners each play a lesson streamed from its HLS ladder for a second,
// pause, and come back after the URLs the lesson opened with have expired. The first one's player
// signed them afresh before they lapsed. The second one's renewal was lost (as on a dropped
// connection) and they pick another rendition: the store refuses its segments (hls.js has
// buffered the whole short lesson of the first, so only a rendition not loaded yet needs URLs
// after the pause) and the player renews then, keeping their choice. Both videos play on from
// where they were, with no error, from segments signed afresh, and neither restore counts as a
// seek or a press of play. A third one's renewal is lost too, and they press play just as the
// player has removed the refused source, before the renewed one is in: that press counts once.
// Another learner plays on through the renewal to the end, never stepping back, with one press of
// play. A last learner's segments are refused even when signed afresh (as by a store gone wrong):
// the player says the video stopped loading, and once the store is back, "Reload the video"
// carries on from where it was.
import type { Page, Route } from "playwright-core";
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { databaseId } from "../../server/test/support/ids.ts";
import { waitUntil } from "../../server/test/support/wait.ts";
import { screenshot, signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { arrangeLearnableCourse, enrollAll, waitForLadder } from "./support/learnable-course.ts";
import { routeMediaToTestServer } from "./support/media.ts";

const JOURNEY = "url-renewal";
const URL_TTL_SECONDS = 60;
const journey = useJourney({ withDataDir: true, env: { VIDEO_URL_TTL: String(URL_TTL_SECONDS) } });
let learner: TestAccount;
/** Watches with the renewal before expiry lost. */
let offline: TestAccount;
/** As `offline`, pressing play between the refused source's removal and the renewed one's arrival. */
let inTheGap: TestAccount;
/** Watches while the store refuses every segment for a while. */
let unlucky: TestAccount;
/** Watches on without a pause while the URLs are renewed. */
let steady: TestAccount;
let course: { courseId: string; slug: string; videoIds: string[] };

const LADDER_TIMEOUT_MS = 90_000;
const SEGMENT = /\/segment_\d+\.ts\?/;
const WATCHED = /* GraphQL */ `query ($id: ID!) { video(id: $id) { durationSeconds viewerProgress { watchedSeconds } } }`;

beforeAll(async () => {
  const instructor = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Ines Instructor" });
  learner = await signUp(journey.server, { displayName: "Luca Learner" });
  offline = await signUp(journey.server, { displayName: "Olga Offline" });
  inTheGap = await signUp(journey.server, { displayName: "Gil Gap" });
  unlucky = await signUp(journey.server, { displayName: "Uma Unlucky" });
  steady = await signUp(journey.server, { displayName: "Sia Steady" });
  course = await arrangeLearnableCourse(journey.server, instructor.accessToken, journey.dataDir, {
    title: "Long lectures",
    description: "A lesson longer than a lunch break's URLs.",
    // Two renditions, 360p and 480p, for the second learner to pick the one not playing.
    videos: [{ title: "The long lecture", seconds: 60, size: "640x480" }],
  });
  await enrollAll(journey.server, course.courseId, [learner, offline, inTheGap, unlucky, steady]);
  await waitForLadder(journey.server, instructor.accessToken, course.videoIds[0]!, LADDER_TIMEOUT_MS);
}, LADDER_TIMEOUT_MS + 60_000);

interface SegmentLoad {
  url: string;
  status: number;
}

interface Watcher {
  page: Page;
  account: TestAccount;
  segments: SegmentLoad[];
  /** When the URLs the lesson opened with stop being honoured, Unix seconds. */
  firstExpiry: number;
  pausedAt: number;
  /** How many segments had loaded by the time of the pause. */
  loadedByPause: number;
}

function currentTime(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime);
}

async function pressOnVideo(page: Page, key: string): Promise<void> {
  await page.focus("video.lesson-video");
  await page.keyboard.press(key);
}

/** When a signed URL stops being honoured (the local store's `expires`, Unix seconds). */
function expiryOf(url: string): number {
  return Number(new URL(url).searchParams.get("expires"));
}

function eventCount(account: TestAccount, type: string): Promise<number> {
  return journey.server.db.analyticsEvent.count({ where: { userId: databaseId(account.id), type } });
}

/** Opens the lesson and plays a second of it; with `renewalLost`, the player's first renewal never reaches the API. */
async function startWatching(account: TestAccount, renewalLost: boolean): Promise<{ page: Page; segments: SegmentLoad[] }> {
  const { context, page } = await journey.openVisitor();
  await routeMediaToTestServer(context, journey.server);
  if (renewalLost) {
    let lost = false;
    await context.route("**/graphql", (route) => {
      const renewal = route.request().postData()?.includes("RenewedPlayback") ?? false;
      if (renewal && !lost) {
        lost = true;
        return route.abort("internetdisconnected");
      }
      return route.fallback();
    });
  }
  const segments: SegmentLoad[] = [];
  page.on("response", (response) => {
    if (SEGMENT.test(response.url())) segments.push({ url: response.url(), status: response.status() });
  });
  await signInThroughForm(page, account.email, account.password);
  await page.goto(`/learn/courses/${encodeURIComponent(course.courseId)}/videos/${encodeURIComponent(course.videoIds[0]!)}`);
  await page.getByRole("heading", { level: 1, name: "The long lecture" }).waitFor();
  await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>("video.lesson-video")?.readyState ?? 0) >= 2);
  // Muted, which browsers let start without a click.
  await page.evaluate(() => {
    document.querySelector<HTMLVideoElement>("video.lesson-video")!.muted = true;
  });
  await pressOnVideo(page, "Space");
  await page.waitForFunction(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime >= 1);
  expect(segments.length).toBeGreaterThan(0);
  return { page, segments };
}

/** Watches a second of the lesson and pauses. */
async function watchASecond(account: TestAccount, renewalLost: boolean): Promise<Watcher> {
  const { page, segments } = await startWatching(account, renewalLost);
  await pressOnVideo(page, "Space");
  await page.waitForFunction(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.paused);
  return { page, account, segments, firstExpiry: expiryOf(segments[0]!.url), pausedAt: await currentTime(page), loadedByPause: segments.length };
}

/** Picks the rendition Auto does not play now; answers its name. */
async function pickOtherRendition(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Quality Auto" }).click();
  const qualities = page.getByRole("menu", { name: "Quality" }).getByRole("menuitemradio");
  const [auto, ...heights] = await qualities.allInnerTexts();
  const other = heights.find((height) => !auto!.includes(height))!;
  await qualities.and(page.getByRole("menuitemradio", { name: other, exact: true })).click();
  await page.getByRole("button", { name: `Quality ${other}` }).waitFor();
  return other;
}

/**
 * Presses play (on the video, as its Space does) in the task after the player removes the source
 * it renews, before the renewed one is in: the element's load for the renewed source drops the
 * `play` event it had queued.
 */
async function pressPlayOnceTheSourceIsRemoved(page: Page): Promise<void> {
  await page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>("video.lesson-video")!;
    const press = () => video.dispatchEvent(new KeyboardEvent("keydown", { key: " ", code: "Space", bubbles: true }));
    video.addEventListener("lms:sourcerenewal", () => setTimeout(press), { once: true });
  });
}

/**
 * Plays on after the URLs expired (`startPlaying` presses play, by default at once): it goes on
 * from where it paused (never from the start), from segments signed afresh. Answers the segments
 * loaded since the pause.
 */
async function playOn(watcher: Watcher, startPlaying = () => pressOnVideo(watcher.page, "Space")): Promise<SegmentLoad[]> {
  const { page, pausedAt, firstExpiry } = watcher;
  // From here on the lowest position the video shows while it has a picture.
  await page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>("video.lesson-video")!;
    const seen = window as unknown as { lowestShown: number };
    seen.lowestShown = video.currentTime;
    video.addEventListener("timeupdate", () => {
      if (video.readyState >= 2 && !video.seeking) seen.lowestShown = Math.min(seen.lowestShown, video.currentTime);
    });
  });
  await startPlaying();
  const renewed = () => watcher.segments.some((segment) => segment.status === 200 && expiryOf(segment.url) > firstExpiry);
  await waitUntil("a segment signed afresh", renewed);
  const afterRenewal = await currentTime(page);
  await page.waitForFunction((from) => document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime > from + 1, Math.max(afterRenewal, pausedAt));
  expect(await page.evaluate(() => (window as unknown as { lowestShown: number }).lowestShown)).toBeGreaterThan(pausedAt - 0.5);
  expect(await page.locator(".player-failure").count()).toBe(0);
  await pressOnVideo(page, "Space");
  return watcher.segments.slice(watcher.loadedByPause);
}

test("a paused lesson plays on after its URLs expired, from where it was", async () => {
  const renewing = await watchASecond(learner, false);
  const refused = await watchASecond(offline, true);
  const gap = await watchASecond(inTheGap, true);
  // Meanwhile another plays on through the renewal, to the end.
  const playingThrough = await startWatching(steady, false);
  await playingThrough.page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>("video.lesson-video")!;
    const seen = window as unknown as { furthest: number; biggestStepBack: number };
    seen.furthest = video.currentTime;
    seen.biggestStepBack = 0;
    video.addEventListener("timeupdate", () => {
      if (video.readyState < 2 || video.seeking) return;
      seen.furthest = Math.max(seen.furthest, video.currentTime);
      seen.biggestStepBack = Math.max(seen.biggestStepBack, seen.furthest - video.currentTime);
    });
  });

  // Lunch: until every URL the paused lessons opened with has expired.
  const back = (Math.max(renewing.firstExpiry, refused.firstExpiry, gap.firstExpiry) + 2) * 1000;
  await renewing.page.waitForTimeout(Math.max(0, back - Date.now()));

  // Renewed before they lapsed: nothing was refused.
  const renewingLoads = await playOn(renewing);
  expect(renewingLoads.filter((segment) => segment.status !== 200)).toEqual([]);
  await screenshot(renewing.page, JOURNEY, "01-playing-on-after-expiry");

  // Refused once, renewed then, with the learner's rendition still theirs.
  let picked = "";
  const refusedLoads = await playOn(refused, async () => {
    picked = await pickOtherRendition(refused.page);
    await pressOnVideo(refused.page, "Space");
  });
  expect(refusedLoads.some((segment) => segment.status === 403)).toBe(true);
  await refused.page.getByRole("button", { name: `Quality ${picked}` }).waitFor();
  await screenshot(refused.page, JOURNEY, "02-playing-on-after-a-refusal");

  // Refused, and played on by a press while the player was between the two sources.
  const gapLoads = await playOn(gap, async () => {
    await pressPlayOnceTheSourceIsRemoved(gap.page);
    await pickOtherRendition(gap.page);
  });
  expect(gapLoads.some((segment) => segment.status === 403)).toBe(true);

  // Renewed while playing: it played on to the end, never back, from segments signed afresh, with one press of play.
  const steadyPage = playingThrough.page;
  const steadyExpiry = expiryOf(playingThrough.segments[0]!.url);
  expect(playingThrough.segments.some((segment) => segment.status === 200 && expiryOf(segment.url) > steadyExpiry)).toBe(true);
  await steadyPage.waitForFunction(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.ended, undefined, { timeout: 60_000 });
  expect(await steadyPage.evaluate(() => (window as unknown as { biggestStepBack: number }).biggestStepBack)).toBeLessThan(0.5);
  expect(await steadyPage.locator(".player-failure").count()).toBe(0);
  await waitUntil("the end recorded", async () => (await eventCount(steady, "VIDEO_ENDED")) === 1);
  expect(await eventCount(steady, "VIDEO_SEEK")).toBe(0);
  expect(await eventCount(steady, "VIDEO_PLAY")).toBe(1);
  await steadyPage.context().close();
  // What played before the renewal was reported before the new source started `played` afresh: all of it counts.
  await waitUntil("the whole lesson reported watched", async () => {
    const answer = await journey.server.graphql(WATCHED, { id: course.videoIds[0] }, { token: steady.accessToken });
    const video = answer.data?.video as { durationSeconds: number; viewerProgress: { watchedSeconds: number } | null } | undefined;
    return video?.viewerProgress ? video.viewerProgress.watchedSeconds >= video.durationSeconds - 1 : false;
  });

  // Two presses of play each, no seek: the restores are not the learners'.
  for (const { page, account } of [renewing, refused, gap]) {
    await waitUntil("both pauses recorded", async () => (await eventCount(account, "VIDEO_PAUSE")) === 2);
    await waitUntil(
      "the learner's events delivered",
      () => page.evaluate((userId) => localStorage.getItem(`lms.analyticsEvents.${userId}`) === null, account.id),
    );
    expect(await eventCount(account, "VIDEO_SEEK")).toBe(0);
    expect(await eventCount(account, "VIDEO_PLAY")).toBe(2);
    await page.context().close();
  }
}, 240_000);

test("a lesson whose renewed URLs are refused too says so, and reloads from where it was", async () => {
  const watcher = await watchASecond(unlucky, false);
  const { page, pausedAt } = watcher;
  const refuse = (route: Route) => route.fulfill({ status: 403, body: "Forbidden" });
  await page.route(SEGMENT, refuse);

  // The rendition not playing needs segments: refused, renewed, refused again.
  const picked = await pickOtherRendition(page);
  const failure = page.getByRole("alert").filter({ hasText: "The video stopped loading." });
  await failure.waitFor();
  await screenshot(page, JOURNEY, "03-stopped-loading");

  await page.unroute(SEGMENT, refuse);
  await page.getByRole("button", { name: "Reload the video" }).click();
  await failure.waitFor({ state: "detached" });
  await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>("video.lesson-video")?.readyState ?? 0) >= 3);
  expect(Math.abs((await currentTime(page)) - pausedAt)).toBeLessThan(0.5);
  await page.getByRole("button", { name: `Quality ${picked}` }).waitFor();
  await pressOnVideo(page, "Space");
  await page.waitForFunction((from) => document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime > from + 1, pausedAt);
  await pressOnVideo(page, "Space");
  await waitUntil("both pauses recorded", async () => (await eventCount(unlucky, "VIDEO_PAUSE")) === 2);
  expect(await eventCount(unlucky, "VIDEO_SEEK")).toBe(0);
  await page.context().close();
});
