// Journey: private notes while watching. A learner adds a note and bookmarks at the moments the
// video is at, in two lessons; after a reload nothing is lost and the notes are listed by lesson
// and moment; a note of the other lesson opens it at that second, one of this lesson seeks the
// player; a note is edited, and a bookmark deleted after the confirmation.
import type { Page } from "playwright-core";
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { databaseId } from "../../server/test/support/ids.ts";
import { signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { arrangeLearnableCourse } from "./support/learnable-course.ts";
import { routeMediaToTestServer, seekLessonVideo } from "./support/media.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";
import { toast } from "./support/toasts.ts";

const JOURNEY = "notes";
const journey = useJourney({ withDataDir: true });
let learner: TestAccount;
let course: { courseId: string; slug: string; videoIds: string[] };

const ENROLL = /* GraphQL */ `mutation ($courseId: ID!) { enroll(courseId: $courseId) { id } }`;

beforeAll(async () => {
  const instructor = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Irene Instructor" });
  learner = await signUp(journey.server, { displayName: "Lena Learner" });
  course = await arrangeLearnableCourse(journey.server, instructor.accessToken, journey.dataDir, {
    title: "Shell basics",
    description: "Find your way around a terminal.",
    videos: [
      { title: "Opening the terminal", seconds: 30 },
      { title: "Moving around", seconds: 30 },
    ],
  });
  const enrolled = await journey.server.graphql(ENROLL, { courseId: course.courseId }, { token: learner.accessToken });
  if (!enrolled.data?.enroll) throw new Error(`enroll failed: ${JSON.stringify(enrolled.errors)}`);
});

const VIDEO = "video.lesson-video";
const currentTime = (page: Page) => page.evaluate((selector) => document.querySelector<HTMLVideoElement>(selector)!.currentTime, VIDEO);

async function waitForTime(page: Page, seconds: number): Promise<void> {
  await page.waitForFunction(
    ([selector, at]) => {
      const video = document.querySelector<HTMLVideoElement>(selector as string);
      return video !== null && video.readyState >= 1 && video.currentTime === at;
    },
    [VIDEO, seconds],
  );
}

const storedNotes = () =>
  journey.server.db.videoNote.findMany({ where: { userId: databaseId(learner.id) }, orderBy: [{ positionSeconds: "asc" }] });

test("a learner keeps a note and bookmarks while watching, finds them after a reload, jumps back to a moment, edits one and deletes one", async () => {
  const { context, page } = await journey.openVisitor();
  await routeMediaToTestServer(context, journey.server);
  await signInThroughForm(page, learner.email, learner.password);
  const [firstVideo] = course.videoIds as [string, string];
  await page.goto(`/learn/courses/${encodeURIComponent(course.courseId)}/videos/${encodeURIComponent(firstVideo)}`);
  await page.getByRole("heading", { level: 1, name: "Opening the terminal" }).waitFor();
  const panel = page.getByRole("region", { name: "Notes", exact: true });
  await panel.getByText(/^You have no notes in this course yet\./).waitFor();
  await screenshotBothWidths(page, JOURNEY, "01-empty");

  // A note at 0:05: the video pauses while it is written.
  await seekLessonVideo(page, 5);
  await panel.getByRole("button", { name: "Add note" }).click();
  await panel.getByText("At 0:05 of “Opening the terminal”. The video is paused while you write.").waitFor();
  expect(await page.evaluate((selector) => document.querySelector<HTMLVideoElement>(selector)!.paused, VIDEO)).toBe(true);
  // An empty note is refused before it is sent.
  await panel.getByRole("button", { name: "Save note" }).click();
  await panel.getByText(/^Write something for your note/).waitFor();
  await panel.getByRole("textbox", { name: "Note", exact: true }).fill("Ctrl+Alt+T opens a terminal.\nOn a Mac: Spotlight, then Terminal.");
  await screenshotBothWidths(page, JOURNEY, "02-writing-a-note");
  await panel.getByRole("button", { name: "Save note" }).click();
  await toast(page, "Your note at 0:05 of “Opening the terminal” was saved.").waitFor();

  // A bookmark at 0:12 of this lesson, and one at 0:07 of the next.
  await seekLessonVideo(page, 12);
  await panel.getByRole("button", { name: "Bookmark this moment" }).click();
  await toast(page, "Bookmarked 0:12 of “Opening the terminal”. Find it under Notes.").waitFor();
  await page.getByRole("link", { name: /^Next: Moving around/ }).click();
  await page.getByRole("heading", { level: 1, name: "Moving around" }).waitFor();
  await seekLessonVideo(page, 7);
  await panel.getByRole("button", { name: "Bookmark this moment" }).click();
  await toast(page, "Bookmarked 0:07 of “Moving around”. Find it under Notes.").waitFor();
  expect((await storedNotes()).map((note) => [note.kind, note.positionSeconds, note.text])).toEqual([
    ["NOTE", 5, "Ctrl+Alt+T opens a terminal.\nOn a Mac: Spotlight, then Terminal."],
    ["BOOKMARK", 7, ""],
    ["BOOKMARK", 12, ""],
  ]);

  // After a reload: all three, by lesson, then moment.
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Moving around" }).waitFor();
  const play = (moment: string) => panel.getByRole("button", { name: `Play from ${moment}` });
  await play("0:07 of “Moving around”").waitFor();
  expect(await panel.getByRole("heading", { level: 3 }).allTextContents()).toEqual(["Opening the terminal", "Moving around"]);
  expect(await panel.getByRole("button", { name: /^Play from/ }).evaluateAll((buttons) => buttons.map((button) => button.getAttribute("aria-label")))).toEqual([
    "Play from 0:05 of “Opening the terminal”",
    "Play from 0:12 of “Opening the terminal”",
    "Play from 0:07 of “Moving around”",
  ]);
  await panel.getByText(/^Ctrl\+Alt\+T opens a terminal\./).waitFor();
  await screenshotBothWidths(page, JOURNEY, "03-after-reload");

  // A note of the other lesson opens it at its second; one of this lesson seeks the player.
  await play("0:05 of “Opening the terminal”").click();
  await page.getByRole("heading", { level: 1, name: "Opening the terminal" }).waitFor();
  await waitForTime(page, 5);
  await seekLessonVideo(page, 20);
  await play("0:12 of “Opening the terminal”").click();
  await waitForTime(page, 12);
  expect(await currentTime(page)).toBe(12);

  // The note edited.
  await panel.getByRole("button", { name: "Edit the note at 0:05 of “Opening the terminal”" }).click();
  const box = panel.getByRole("textbox", { name: "Note", exact: true });
  expect(await box.inputValue()).toBe("Ctrl+Alt+T opens a terminal.\nOn a Mac: Spotlight, then Terminal.");
  await box.fill("Ctrl+Alt+T opens a terminal on Linux.");
  await panel.getByRole("button", { name: "Save", exact: true }).click();
  await toast(page, "Your note at 0:05 of “Opening the terminal” was saved.").waitFor();
  await panel.getByText("Ctrl+Alt+T opens a terminal on Linux.", { exact: true }).waitFor();
  expect((await storedNotes())[0].text).toBe("Ctrl+Alt+T opens a terminal on Linux.");

  // The bookmark at 0:12 deleted, after saying yes.
  await panel.getByRole("button", { name: "Delete the bookmark at 0:12 of “Opening the terminal”" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Delete this bookmark?" });
  await dialog.getByText("The bookmark at 0:12 of “Opening the terminal” is deleted for good.").waitFor();
  await screenshotBothWidths(page, JOURNEY, "04-confirm-delete");
  await dialog.getByRole("button", { name: "Delete" }).click();
  await toast(page, "Your bookmark at 0:12 of “Opening the terminal” was deleted.").waitFor();
  await play("0:12 of “Opening the terminal”").waitFor({ state: "detached" });
  expect((await storedNotes()).map((note) => note.positionSeconds)).toEqual([5, 7]);
  await screenshotBothWidths(page, JOURNEY, "05-after-edit-and-delete");
  await context.close();
});
