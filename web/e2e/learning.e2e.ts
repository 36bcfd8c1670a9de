// Journey: learning a course. A visitor signs in to enroll, watches part of the first video,
// reloads and resumes where they were, closes the tab while playing (its last report still
// arrives) and resumes there, finishes the first video offline (its report waits on the
// device until the connection is back) and the second one, completing the course; their
// second device ("My learning") and the instructor's Students panel follow live; anyone opens the
// certificate's public page. Buying a paid course is billing.e2e.ts's journey.
import type { Page } from "playwright-core";
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { databaseId } from "../../server/test/support/ids.ts";
import { waitUntil } from "../../server/test/support/wait.ts";
import { signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { arrangeLearnableCourse } from "./support/learnable-course.ts";
import { routeMediaToTestServer } from "./support/media.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";
import { toast } from "./support/toasts.ts";

const JOURNEY = "learning";
// The browser meets a server that runs only the web client's own documents, as production may.
const journey = useJourney({ withDataDir: true, trustedDocumentsOnly: true });
let instructor: TestAccount;
let learner: TestAccount;
let course: { courseId: string; slug: string; videoIds: string[] };

beforeAll(async () => {
  instructor = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Irene Instructor" });
  learner = await signUp(journey.server, { displayName: "Lena Learner" });
  course = await arrangeLearnableCourse(journey.server, instructor.accessToken, journey.dataDir, {
    title: "Shell basics",
    description: "Find your way around a terminal.",
    videos: [
      { title: "Opening the terminal", seconds: 4 },
      { title: "Moving around", seconds: 3 },
    ],
  });
});

/** The learner's saved position in the video (a global id), once the API has one. */
async function savedPosition(videoId: string): Promise<number | null> {
  const row = await journey.server.db.videoProgress.findFirst({
    where: { videoId: databaseId(videoId), enrollment: { userId: databaseId(learner.id) } },
  });
  return row?.positionSeconds ?? null;
}

/** Plays the lesson's video, muted (which browsers let start without a click), at `rate`. */
async function play(page: Page, rate = 1): Promise<void> {
  await page.evaluate(async (playbackRate) => {
    const video = document.querySelector<HTMLVideoElement>("video.lesson-video")!;
    video.muted = true;
    video.playbackRate = playbackRate;
    await video.play();
  }, rate);
}

async function signInAsLearner(page: Page): Promise<void> {
  await page.getByLabel("Email").fill(learner.email);
  await page.getByLabel("Password").fill(learner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a learner enrolls, resumes after a reload, completes the course; another device and the instructor follow live", async () => {
  const { context, page: firstPage } = await journey.openVisitor();
  let page = firstPage;
  await routeMediaToTestServer(context, journey.server);

  // Signed out, enrolling goes through Sign in and back to the course.
  await page.goto(`/courses/${course.slug}`);
  await page.getByRole("button", { name: "Enroll for free" }).click();
  await page.waitForURL(/\/sign-in\?next=/);
  await signInAsLearner(page);
  await page.getByRole("heading", { level: 1, name: "Shell basics" }).waitFor();
  await page.getByRole("button", { name: "Enroll for free" }).click();
  await toast(page, "You are enrolled in “Shell basics”. Start whenever you like.").waitFor();
  await page.getByRole("progressbar", { name: "Your progress" }).waitFor();
  await screenshotBothWidths(page, JOURNEY, "01-course-enrolled");

  // Part of the first video, then a reload: the player starts where the learner paused.
  await page.getByRole("link", { name: "Start the course" }).click();
  await page.getByRole("heading", { level: 1, name: "Opening the terminal" }).waitFor();
  await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>("video.lesson-video")?.readyState ?? 0) >= 1);
  await play(page);
  await page.waitForFunction(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime >= 1.5);
  await page.evaluate(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.pause());
  const paused = await page.evaluate(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime);
  await waitUntil("the paused position saved", async () => (await savedPosition(course.videoIds[0]!)) === paused);
  await page.reload();
  await page.waitForFunction(
    (position) => {
      const video = document.querySelector<HTMLVideoElement>("video.lesson-video");
      return video !== null && video.readyState >= 1 && Math.abs(video.currentTime - position) < 0.05;
    },
    paused,
  );
  await page.getByRole("link", { name: /Opening the terminal.*% watched/ }).waitFor();
  await screenshotBothWidths(page, JOURNEY, "02-player-resumed");

  // Closing the tab while the video plays loses nothing: its last report leaves as a keepalive request.
  await play(page);
  await page.waitForFunction((from) => document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime >= from + 0.5, paused);
  const playerUrl = page.url();
  await page.close();
  await waitUntil("the closed tab's report saved", async () => ((await savedPosition(course.videoIds[0]!)) ?? 0) >= paused + 0.5);
  const leftAt = (await savedPosition(course.videoIds[0]!))!;
  page = await context.newPage();
  await page.goto(playerUrl);
  await page.waitForFunction(
    (position) => {
      const video = document.querySelector<HTMLVideoElement>("video.lesson-video");
      return video !== null && video.readyState >= 1 && Math.abs(video.currentTime - position) < 0.05;
    },
    leftAt,
  );

  // The learner's second device and the instructor, watching live.
  const device = await journey.openVisitor();
  await routeMediaToTestServer(device.context, journey.server);
  await signInThroughForm(device.page, learner.email, learner.password);
  await device.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My learning" }).click();
  const card = device.page.getByRole("listitem").filter({ hasText: "Shell basics" });
  await card.getByText("0 of 2 videos completed").waitFor();
  const teacher = await journey.openVisitor();
  await routeMediaToTestServer(teacher.context, journey.server);
  await signInThroughForm(teacher.page, instructor.email, instructor.password);
  await teacher.page.goto(`/teach/courses/${encodeURIComponent(course.courseId)}/edit`);
  const students = teacher.page.getByRole("region", { name: "Students" });
  const lenasProgress = students.getByRole("progressbar", { name: "Progress of Lena Learner" });
  await lenasProgress.getByText("0 of 2 videos completed").waitFor();

  // The rest of the first video, offline: kept on the device, sent on reconnection; then the
  // video is complete, here, on the other device and for the instructor.
  await context.setOffline(true);
  await page.getByRole("status").getByText("You are offline. Your progress is kept on this device and sent when you are back online.").waitFor();
  await play(page, 2);
  await page.waitForFunction(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.ended);
  await page.waitForFunction(() => Object.keys(localStorage).some((key) => key.startsWith("lms.progressReports.")));
  await screenshotBothWidths(page, JOURNEY, "03-player-offline");
  // What was played offline (to the end) stays on the device: a report that left before the
  // connection dropped may still land, with a position no further than where playing resumed.
  const savedOffline = await journey.server.db.videoProgress.findFirst({
    where: { videoId: databaseId(course.videoIds[0]!), enrollment: { userId: databaseId(learner.id) } },
  });
  expect(savedOffline?.completedAt).toBeNull();
  expect(savedOffline!.positionSeconds).toBeLessThan(leftAt + 0.5);
  await context.setOffline(false);
  await page.getByRole("link", { name: /Opening the terminal.*Completed/ }).waitFor();
  await page.waitForFunction(() => !Object.keys(localStorage).some((key) => key.startsWith("lms.progressReports.")));
  await card.getByText("1 of 2 videos completed").waitFor();
  await lenasProgress.getByText("1 of 2 videos completed").waitFor();

  // The second video, to its end: the course is complete.
  await page.getByRole("link", { name: "Next: Moving around" }).click();
  await page.getByRole("heading", { level: 1, name: "Moving around" }).waitFor();
  await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>("video.lesson-video")?.readyState ?? 0) >= 1);
  await play(page, 2);
  const congratulation = page.getByRole("dialog", { name: "Congratulations, you completed “Shell basics”!" });
  await congratulation.waitFor();
  // Issued by a listener just after completion: the dialog shows it once it is there.
  const certificateLink = congratulation.getByRole("link", { name: "View your certificate" });
  await certificateLink.waitFor();
  const certificateUrl = (await certificateLink.getAttribute("href"))!;
  await screenshotBothWidths(page, JOURNEY, "04-course-completed", { fullPage: false });
  await congratulation.getByRole("button", { name: "Close" }).click();
  await page.getByRole("link", { name: /Moving around.*Completed/ }).waitFor();
  await page.getByRole("progressbar", { name: "Your progress" }).getByText("Course completed").waitFor();

  await card.getByText("Course completed").waitFor();
  await card.getByRole("link", { name: "Watch again Shell basics" }).waitFor();
  await card.getByRole("link", { name: "View your certificate" }).waitFor();
  await screenshotBothWidths(device.page, JOURNEY, "05-my-learning-completed");
  await lenasProgress.getByText("Course completed").waitFor();
  await students.scrollIntoViewIfNeeded();
  await screenshotBothWidths(teacher.page, JOURNEY, "06-instructor-students");

  const enrollment = await journey.server.db.enrollment.findFirstOrThrow({
    where: { userId: databaseId(learner.id), courseId: databaseId(course.courseId) },
  });
  expect(enrollment.status).toBe("COMPLETED");
  await Promise.all([context.close(), device.context.close(), teacher.context.close()]);

  // Anyone with the link verifies the certificate. The API writes links for its PUBLIC_URL; the
  // test server listens on a port of its own.
  const stranger = await journey.openVisitor();
  await stranger.page.goto(certificateUrl.replace(journey.server.app.platform.config.publicUrl, journey.server.url));
  await stranger.page.getByRole("heading", { name: "Certificate of completion" }).waitFor();
  await stranger.page.getByText("Valid certificate: this learner completed this course.").waitFor();
  await stranger.page.getByText("Lena Learner").first().waitFor();
  await stranger.page.getByText("Shell basics").first().waitFor();
  await screenshotBothWidths(stranger.page, JOURNEY, "07-certificate-page");
  await stranger.context.close();
});
