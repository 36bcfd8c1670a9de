// Journey: a course's analytics. The instructor opens the course's analytics page: nothing yet,
// and it says so. A learner, in another browser context, opens the course, watches, rewinds and
// presses "I'm confused", then closes the tab at once (its events still arrive, each once); the
// instructor's open page shows them watching and the moment they got stuck on, live; a click on
// that moment plays it in the page's player; after a reload the period's figures say the same.
import type { Locator, Page } from "playwright-core";
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { databaseId } from "../../server/test/support/ids.ts";
import { waitUntil } from "../../server/test/support/wait.ts";
import { signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { arrangeLearnableCourse } from "./support/learnable-course.ts";
import { routeMediaToTestServer } from "./support/media.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";

const JOURNEY = "analytics";
// The browser meets a server that runs only the web client's own documents, as production may.
const journey = useJourney({ withDataDir: true, trustedDocumentsOnly: true });
let instructor: TestAccount;
let learner: TestAccount;
let course: { courseId: string; slug: string; videoIds: string[] };
/** Batches leave every 10 s, and the live panel follows within seconds: a wait longer than a batch's. */
const LIVE_TIMEOUT_MS = 30_000;
const ENROLL = /* GraphQL */ `mutation ($courseId: ID!) { enroll(courseId: $courseId) { id } }`;

beforeAll(async () => {
  instructor = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Ana Analyst" });
  learner = await signUp(journey.server, { displayName: "Lou Learner" });
  course = await arrangeLearnableCourse(journey.server, instructor.accessToken, journey.dataDir, {
    title: "Regular expressions",
    description: "Patterns that find text.",
    videos: [{ title: "Character classes", seconds: 16 }],
  });
});

/** The learner's events of the type the API stored. */
function eventCount(type: string): Promise<number> {
  return journey.server.db.analyticsEvent.count({ where: { userId: databaseId(learner.id), type } });
}

function lessonVideo(page: Page): Locator {
  return page.locator("video.lesson-video");
}

/** The figure under its label in a list of figures. */
async function figure(figures: Locator, label: string): Promise<string> {
  return figures.locator("div", { has: figures.page().getByText(label, { exact: true }) }).locator("dd").innerText();
}

test("the instructor follows a learner's viewing and confusion live, and the figures agree after a reload", async () => {
  const teacher = await journey.openVisitor();
  await routeMediaToTestServer(teacher.context, journey.server);
  await signInThroughForm(teacher.page, instructor.email, instructor.password);
  await teacher.page.goto("/teach/courses");
  await teacher.page.getByRole("link", { name: "Analytics of Regular expressions" }).click();
  await teacher.page.getByRole("heading", { name: "Analytics: Regular expressions" }).waitFor();
  await teacher.page
    .getByText("No learner enrolled in, watched or bought this course in the last 30 days.", { exact: false })
    .waitFor();
  const live = teacher.page.getByRole("region", { name: "Live" });
  await live.getByText("Nobody is watching this course right now.", { exact: false }).waitFor();
  await screenshotBothWidths(teacher.page, JOURNEY, "01-dashboard-empty");

  // The learner enrolls once the empty page is seen: an enrollment is already activity.
  const enrolled = await journey.server.graphql(ENROLL, { courseId: course.courseId }, { token: learner.accessToken });
  if (!enrolled.data?.enroll) throw new Error(`enroll failed: ${JSON.stringify(enrolled.errors)}`);
  const { context, page } = await journey.openVisitor();
  await routeMediaToTestServer(context, journey.server);
  await signInThroughForm(page, learner.email, learner.password);
  const playerUrl = `/learn/courses/${encodeURIComponent(course.courseId)}/videos/${encodeURIComponent(course.videoIds[0]!)}`;
  await page.goto(playerUrl);
  await lessonVideo(page).waitFor();
  // Watches at twice the speed up to 0:11, pauses, goes back to 0:07 and says it is confusing there.
  await page.evaluate(async () => {
    const video = document.querySelector<HTMLVideoElement>("video.lesson-video")!;
    video.muted = true;
    video.playbackRate = 2;
    await video.play();
  });
  await waitUntil("the learner at 0:11", () => lessonVideo(page).evaluate((video: HTMLVideoElement) => video.currentTime >= 11));
  await page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>("video.lesson-video")!;
    video.pause();
    video.currentTime = 7;
  });
  await waitUntil("the rewind done", () => lessonVideo(page).evaluate((video: HTMLVideoElement) => !video.seeking && video.currentTime === 7));
  await page.getByRole("button", { name: "I’m confused" }).click();
  await page.getByRole("status").getByText("Marked 0:07 as confusing. Your instructor sees where learners get stuck.").waitFor();
  await screenshotBothWidths(page, JOURNEY, "02-learner-confused");

  // Closing the tab at once loses nothing: the waiting events leave as keepalive requests.
  await page.close();
  await waitUntil("the closed tab's 'confused' recorded", async () => (await eventCount("CONFUSED")) === 1);
  // Sent before it, once for the lesson opened, whatever the player did with the video since.
  expect(await eventCount("VIDEO_INITIALIZED")).toBe(1);
  // The next visit sends what is still on the device (answers to keepalive requests are never
  // read), and the API counts each event once.
  const again = await context.newPage();
  await again.goto(playerUrl);
  await waitUntil(
    "the learner's events delivered",
    () => again.evaluate((userId) => localStorage.getItem(`lms.analyticsEvents.${userId}`) === null, learner.id),
    LIVE_TIMEOUT_MS,
  );
  expect(await eventCount("CONFUSED")).toBe(1);
  expect(await eventCount("VIDEO_SEEK")).toBe(1);

  const liveFigures = live.locator("dl");
  await liveFigures.waitFor({ timeout: LIVE_TIMEOUT_MS });
  await waitUntil("the learner watching, live", async () => (await figure(liveFigures, "Watching now")) === "1", LIVE_TIMEOUT_MS);
  const liveHotspot = live.getByRole("button", { name: "Play 0:05–0:10 of Character classes" });
  await liveHotspot.waitFor({ timeout: LIVE_TIMEOUT_MS });
  const liveHotspotItem = live.getByRole("listitem").filter({ has: teacher.page.getByRole("button", { name: "Play 0:05–0:10 of Character classes" }) });
  expect(await liveHotspotItem.innerText()).toContain("1 marked it confusing, 1 rewind");
  await screenshotBothWidths(teacher.page, JOURNEY, "03-dashboard-live");

  // The hotspot plays its moment in the page's player.
  await teacher.page.evaluate(() => {
    document.querySelectorAll("video").forEach((video) => (video.muted = true));
  });
  await liveHotspot.click();
  const player = teacher.page.locator(".analytics-player video");
  await waitUntil("the moment playing", () =>
    player.evaluate((video: HTMLVideoElement) => !video.paused && video.currentTime >= 5 && video.currentTime < 10),
  );

  // After a reload the period's figures come from the rollups: the same learner and moment.
  await teacher.page.reload();
  const figures = teacher.page.locator(".analytics-figures").first();
  await waitUntil(
    "the period's figures including the learner",
    async () => {
      if (await figures.isVisible() && (await figure(figures, "Active learners")) === "1") return true;
      await teacher.page.getByRole("button", { name: "Refresh" }).click();
      return false;
    },
    LIVE_TIMEOUT_MS,
  );
  expect(await figure(figures, "Enrollments")).toBe("1");
  const video = teacher.page.getByRole("region", { name: "Character classes" });
  expect(await figure(video.locator("dl"), "New viewers")).toBe("1");
  const hotspot = video.getByRole("listitem").filter({ has: teacher.page.getByRole("button", { name: "Play 0:05–0:10" }) });
  expect(await hotspot.innerText()).toContain("1 marked it confusing, 1 rewind");
  await screenshotBothWidths(teacher.page, JOURNEY, "04-dashboard-after-reload");
});
