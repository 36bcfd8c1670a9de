// Journey: nothing an instructor did is lost by moving around the app. An upload goes on while
// they browse elsewhere (with the header's indicator leading back), an upload cut by a reload
// resumes where it stopped, leaving a form with changes or signing out asks first, and a video
// moved with the keyboard keeps the focus so it can be moved again.
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { BrowserContext, Page, Route } from "playwright-core";
import { parseId } from "../../server/src/platform/ids.ts";
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { waitUntil } from "../../server/test/support/wait.ts";
import { screenshot, signInThroughForm } from "./support/browser.ts";
import { createDraftCourseWithVideo } from "./support/draft-course.ts";
import { useJourney } from "./support/journey.ts";
import { makeSampleVideo, routeMediaToTestServer } from "./support/media.ts";
import { toast } from "./support/toasts.ts";

const JOURNEY = "navigation-keeps-work";
const MIB = 1024 * 1024;
const PART_BYTES = 8 * MIB;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const journey = useJourney({
  withDataDir: true,
  env: { MULTIPART_THRESHOLD_BYTES: String(PART_BYTES), MULTIPART_PART_BYTES: String(PART_BYTES) },
});
let instructor: TestAccount;
/** A playable MP4 padded past two parts: three parts of a multipart upload that processing accepts. */
let bigVideo: string;

/** `video` followed by a top-level `free` box of `paddingBytes` zeros, which players skip. */
async function padWithFreeBox(video: string, paddingBytes: number, target: string): Promise<string> {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(paddingBytes + 8, 0);
  header.write("free", 4, "ascii");
  await writeFile(target, Buffer.concat([await readFile(video), header, Buffer.alloc(paddingBytes)]));
  return target;
}

beforeAll(async () => {
  instructor = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Nora Navigator" });
  const sample = await makeSampleVideo(path.join(journey.dataDir, "sample.mp4"));
  bigVideo = await padWithFreeBox(sample, 2 * PART_BYTES + MIB, path.join(journey.dataDir, "lecture.mp4"));
});

async function openEditor(title: string, videoTitles: string[] = ["Lesson one"]) {
  const [firstTitle = "Lesson one", ...otherTitles] = videoTitles;
  const { courseId, videoId } = await createDraftCourseWithVideo(
    journey.server,
    instructor.accessToken,
    { title, description: "Work that must not get lost." },
    firstTitle,
  );
  for (const videoTitle of otherTitles) {
    await journey.server.graphql(
      `mutation ($input: CreateVideoInput!) { createVideo(input: $input) { id } }`,
      { input: { courseId, title: videoTitle } },
      { token: instructor.accessToken },
    );
  }
  const { context, page } = await journey.openVisitor();
  await routeMediaToTestServer(context, journey.server);
  await signInThroughForm(page, instructor.email, instructor.password);
  await page.goto(`/teach/courses/${encodeURIComponent(courseId)}/edit`);
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  return { context, page, courseId, videoId: parseId(videoId, "Video", "videoId") };
}

/** Answers part PUTs with `answer`; counts how often each part was tried. */
function routeParts(context: BrowserContext, answer: (partNumber: number, route: Route) => Promise<void>) {
  const attempts = new Map<number, number>();
  const publicUrl = journey.server.app.platform.config.publicUrl;
  void context.route(`${publicUrl}/media/upload/**`, async (route) => {
    if (route.request().method() !== "PUT") return route.fallback();
    const partNumber = Number(new URL(route.request().url()).searchParams.get("partNumber"));
    attempts.set(partNumber, (attempts.get(partNumber) ?? 0) + 1);
    await answer(partNumber, route);
  });
  return attempts;
}

async function screenshotsAtBothWidths(page: Page, name: string): Promise<void> {
  await screenshot(page, JOURNEY, `${name}-desktop`);
  await page.setViewportSize(PHONE);
  await screenshot(page, JOURNEY, `${name}-phone`);
  await page.setViewportSize(DESKTOP);
}

test("an upload goes on while the instructor browses elsewhere, and the header leads back to it", async () => {
  const { context, page, videoId } = await openEditor("Upload while browsing");
  let releaseParts = () => {};
  const partsReleased = new Promise<void>((resolve) => (releaseParts = resolve));
  const attempts = routeParts(context, async (_partNumber, route) => {
    await partsReleased;
    await route.fallback();
  });

  await page.getByLabel("Upload a file for video Lesson one").setInputFiles(bigVideo);
  await page.getByRole("progressbar", { name: "Uploading lecture.mp4" }).waitFor();
  await waitUntil("the three parts in flight", () => attempts.size === 3);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Teaching" }).click();
  await page.getByRole("heading", { level: 1, name: "Your courses" }).waitFor();
  await page.getByRole("progressbar", { name: "Uploads in progress" }).waitFor();
  const backToCourse = page.getByRole("link", { name: /Uploading video Lesson one: \d+%/ });
  await backToCourse.waitFor();
  await screenshotsAtBothWidths(page, "01-upload-indicator");

  await backToCourse.click();
  await page.getByRole("heading", { level: 1, name: "Upload while browsing" }).waitFor();
  await page.getByRole("progressbar", { name: "Uploading lecture.mp4" }).waitFor();
  releaseParts();
  const row = page.getByRole("listitem").filter({ hasText: "Lesson one" });
  await row.getByText("Ready", { exact: true }).waitFor({ timeout: 60_000 });
  await page.getByRole("progressbar", { name: "Uploads in progress" }).waitFor({ state: "detached" });
  await screenshot(page, JOURNEY, "02-processed-after-coming-back");

  expect(Object.fromEntries(attempts)).toEqual({ 1: 1, 2: 1, 3: 1 });
  const video = await journey.server.db.video.findUniqueOrThrow({ where: { id: videoId } });
  expect(video.status).toBe("READY");
  await context.close();
});

test("after a reload, picking the same file again resumes the upload where it stopped", async () => {
  const { context, page, videoId } = await openEditor("Resume after reload");
  let storageReachable = false;
  const attempts = routeParts(context, async (partNumber, route) => {
    // The last part never arrives before the reload.
    if (partNumber === 3 && !storageReachable) return new Promise(() => undefined);
    await route.fallback();
  });

  await page.getByLabel("Upload a file for video Lesson one").setInputFiles(bigVideo);
  await page.getByRole("progressbar", { name: "Uploading lecture.mp4" }).waitFor();
  const confirmedParts = () =>
    page.evaluate(() => {
      const saved = Object.entries(localStorage).find(([key]) => key.startsWith("videoUploads:"));
      const uploads = saved ? (JSON.parse(saved[1]) as Record<string, { confirmedParts: unknown[] }>) : {};
      return Object.values(uploads)[0]?.confirmedParts.length ?? 0;
    });
  await waitUntil("parts 1 and 2 confirmed", async () => (await confirmedParts()) === 2, 30_000);
  // The browser asks before a reload that would drop the transfer; this person reloads anyway.
  page.on("dialog", (dialog) => void dialog.accept());
  await page.reload();

  const resume = page.getByLabel("Choose lecture.mp4 to resume for video Lesson one");
  await resume.waitFor();
  const { size } = await stat(bigVideo);
  const sentPercent = Math.floor(((2 * PART_BYTES) / size) * 100);
  await page.getByText(`The upload of lecture.mp4 stopped at ${sentPercent}% when the page was left.`).waitFor();
  await screenshotsAtBothWidths(page, "03-resume-offer");

  storageReachable = true;
  await resume.setInputFiles(bigVideo);
  const row = page.getByRole("listitem").filter({ hasText: "Lesson one" });
  await row.getByText("Ready", { exact: true }).waitFor({ timeout: 60_000 });

  // Parts 1 and 2 were not sent again; the resume finished the upload the first page started.
  expect(attempts.get(1)).toBe(1);
  expect(attempts.get(2)).toBe(1);
  const uploads = await journey.server.db.videoUpload.findMany({ where: { videoId } });
  expect(uploads).toHaveLength(1);
  expect(uploads[0]!.status).toBe("COMPLETED");
  await context.close();
});

test("leaving a form with changes asks first: Stay keeps the text, Leave goes", async () => {
  const { context, page } = await openEditor("Unsaved edits");
  const title = page.getByRole("textbox", { name: "Title", exact: true });
  await title.fill("Unsaved edits, renamed");
  await page.getByLabel("Title of video Lesson one").fill("Lesson one, renamed");
  const teaching = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Teaching" });

  await teaching.click();
  const dialog = page.getByRole("alertdialog", { name: "Leave without saving?" });
  await dialog.getByText("Your changes to the course details and the title of video Lesson one will be lost.").waitFor();
  await screenshotsAtBothWidths(page, "04-leave-dialog");
  await dialog.getByRole("button", { name: "Stay" }).click();
  await dialog.waitFor({ state: "detached" });
  expect(await title.inputValue()).toBe("Unsaved edits, renamed");
  expect(page.url()).toMatch(/\/edit$/);

  // Saved changes no longer count.
  await page.getByRole("button", { name: "Save details" }).click();
  await toast(page, "The course details are saved.").waitFor();
  await teaching.click();
  await dialog.getByText("Your changes to the title of video Lesson one will be lost.").waitFor();
  await dialog.getByRole("button", { name: "Leave" }).click();
  await page.getByRole("heading", { level: 1, name: "Your courses" }).waitFor();
  await context.close();
});

test("signing out with changes asks first: Stay keeps the session and the text, Sign out ends it", async () => {
  const { context, page } = await openEditor("Sign out with edits");
  const title = page.getByRole("textbox", { name: "Title", exact: true });
  await title.fill("Sign out with edits, renamed");
  const userId = parseId(instructor.id, "User", "userId");
  const revokedSessions = () => journey.server.db.session.count({ where: { userId, revokedAt: { not: null } } });
  const revokedBefore = await revokedSessions();
  const dialog = page.getByRole("alertdialog", { name: "Sign out without saving?" });

  // On a phone, from the header's menu.
  await page.setViewportSize(PHONE);
  await page.getByRole("button", { name: "Menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await dialog.getByText("Your changes to the course details will be lost.").waitFor();
  await screenshot(page, JOURNEY, "06-sign-out-dialog-phone", { fullPage: false });
  await dialog.getByRole("button", { name: "Stay" }).click();
  await dialog.waitFor({ state: "detached" });
  expect(await title.inputValue()).toBe("Sign out with edits, renamed");
  expect(page.url()).toMatch(/\/edit$/);
  expect(await revokedSessions()).toBe(revokedBefore);

  await page.setViewportSize(DESKTOP);
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await dialog.getByText("Your changes to the course details will be lost.").waitFor();
  await screenshot(page, JOURNEY, "06-sign-out-dialog-desktop", { fullPage: false });
  await dialog.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("banner").getByRole("link", { name: "Sign in" }).waitFor();
  await waitUntil("the session revoked", async () => (await revokedSessions()) === revokedBefore + 1);
  expect(new URL(page.url()).pathname).toBe("/courses");
  // The sign-out happened after the answer: nothing asks again once it is done.
  expect(await page.getByRole("alertdialog").count()).toBe(0);
  await context.close();
});

test("signed out in another tab, a page with changes goes to Sign in without asking", async () => {
  const { context, page } = await openEditor("Signed out elsewhere");
  await page.getByRole("textbox", { name: "Title", exact: true }).fill("Signed out elsewhere, renamed");
  const otherTab = await context.newPage();
  await otherTab.goto("/courses");
  await otherTab.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await otherTab.getByRole("banner").getByRole("link", { name: "Sign in" }).waitFor();

  await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
  // Saving is no longer possible there: a question about leaving would come too late to help.
  expect(await page.getByRole("alertdialog").count()).toBe(0);
  await context.close();
});

test("a video moved with the keyboard keeps the focus, so it can be moved again", async () => {
  const { context, page } = await openEditor("Keyboard order", ["Alpha", "Beta", "Gamma", "Delta"]);
  const order = () => page.getByLabel(/^Title of video /).evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
  const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute("aria-label"));

  await page.getByRole("button", { name: "Move video Alpha down" }).focus();
  await page.keyboard.press("Enter");
  await waitUntil("Alpha second", async () => (await order())[1] === "Alpha");
  expect(await focusedName()).toBe("Move video Alpha down");

  await page.keyboard.press("Enter");
  await waitUntil("Alpha third", async () => (await order())[2] === "Alpha");
  expect(await focusedName()).toBe("Move video Alpha down");

  // At the end, Move down no longer applies: the focus goes to Move up.
  await page.keyboard.press("Enter");
  await waitUntil("Alpha last", async () => (await order())[3] === "Alpha");
  expect(await focusedName()).toBe("Move video Alpha up");
  expect(await order()).toEqual(["Beta", "Gamma", "Delta", "Alpha"]);
  await screenshot(page, JOURNEY, "05-moved-with-keyboard");
  await context.close();
});
