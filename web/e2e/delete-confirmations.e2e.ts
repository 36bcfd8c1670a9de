// Journey: deleting a video, a section or a course in the editor asks first in an accessible
// dialog that starts on Cancel. Cancel keeps the item; confirming deletes it and says so.
import type { Locator, Page } from "playwright-core";
import { parseId } from "../../server/src/platform/ids.ts";
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { waitUntil } from "../../server/test/support/wait.ts";
import { signInThroughForm } from "./support/browser.ts";
import { createDraftCourseWithVideo } from "./support/draft-course.ts";
import { useJourney } from "./support/journey.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";
import { toast } from "./support/toasts.ts";

const JOURNEY = "delete-confirmations";
const COURSE_TITLE = "Course to prune";
const journey = useJourney();
let instructor: TestAccount;

beforeAll(async () => {
  instructor = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Dee Leter" });
});

/** The dialog opened, with its safe answer focused. */
async function expectAskedStartingOnCancel(page: Page, dialog: Locator): Promise<void> {
  await dialog.waitFor();
  await waitUntil("Cancel focused", () => page.evaluate(() => document.activeElement?.textContent === "Cancel"));
}

test("deleting a video, a section and the course asks first; Cancel keeps, confirming deletes and says so", async () => {
  const created = await createDraftCourseWithVideo(
    journey.server,
    instructor.accessToken,
    { title: COURSE_TITLE, description: "Things to delete, one after the other." },
    "Lesson one",
  );
  const { courseId } = created;
  const section = await journey.server.graphql(
    `mutation ($courseId: ID!) { createSection(courseId: $courseId, input: { title: "Basics" }) { id } }`,
    { courseId },
    { token: instructor.accessToken },
  );
  const sectionId = section.data!.createSection.id as string;
  const inside = await journey.server.graphql(
    `mutation ($input: CreateVideoInput!) { createVideo(input: $input) { id } }`,
    { input: { courseId, sectionId, title: "Inside the section" } },
    { token: instructor.accessToken },
  );
  const lessonId = parseId(created.videoId, "Video", "id");
  const insideId = parseId(inside.data!.createVideo.id as string, "Video", "id");
  const sectionDbId = parseId(sectionId, "Section", "id");
  const courseDbId = parseId(courseId, "Course", "id");

  const { context, page } = await journey.openVisitor();
  await signInThroughForm(page, instructor.email, instructor.password);
  await page.goto(`/teach/courses/${encodeURIComponent(courseId)}/edit`);
  await page.getByRole("heading", { level: 1, name: COURSE_TITLE }).waitFor();

  // A video: Cancel keeps it and gives the focus back to its Delete button.
  const deleteLesson = page.getByRole("button", { name: "Delete video Lesson one" });
  await deleteLesson.click();
  const videoDialog = page.getByRole("alertdialog", { name: "Delete the video “Lesson one”?" });
  await expectAskedStartingOnCancel(page, videoDialog);
  await videoDialog.getByText("Its file and transcript are deleted with it. This cannot be undone.").waitFor();
  await screenshotBothWidths(page, JOURNEY, "01-delete-video-dialog", { fullPage: false });
  await videoDialog.getByRole("button", { name: "Cancel" }).click();
  await videoDialog.waitFor({ state: "detached" });
  await waitUntil("focus back on Delete", () =>
    page.evaluate(() => document.activeElement?.textContent === "Delete video Lesson one"),
  );
  expect(await journey.server.db.video.count({ where: { id: lessonId } })).toBe(1);

  await deleteLesson.click();
  await videoDialog.getByRole("button", { name: "Delete video" }).click();
  await toast(page, "The video “Lesson one” is deleted.").waitFor();
  await deleteLesson.waitFor({ state: "detached" });
  expect(await journey.server.db.video.count({ where: { id: lessonId } })).toBe(0);

  // A section: its video stays, outside sections.
  const deleteSection = page.getByRole("button", { name: "Delete section Basics" });
  await deleteSection.click();
  const sectionDialog = page.getByRole("alertdialog", { name: "Delete the section “Basics”?" });
  await expectAskedStartingOnCancel(page, sectionDialog);
  await sectionDialog.getByText("Its video stays in the course, at the end of the videos outside sections.").waitFor();
  await sectionDialog.getByRole("button", { name: "Cancel" }).click();
  await sectionDialog.waitFor({ state: "detached" });
  expect(await journey.server.db.section.count({ where: { id: sectionDbId } })).toBe(1);

  await deleteSection.click();
  await sectionDialog.getByRole("button", { name: "Delete section" }).click();
  await toast(page, "The section “Basics” is deleted.").waitFor();
  await deleteSection.waitFor({ state: "detached" });
  expect(await journey.server.db.section.count({ where: { id: sectionDbId } })).toBe(0);
  const kept = await journey.server.db.video.findUniqueOrThrow({ where: { id: insideId } });
  expect(kept.sectionId).toBeNull();

  // The course.
  const deleteCourse = page.getByRole("button", { name: "Delete course" });
  await deleteCourse.click();
  const courseDialog = page.getByRole("alertdialog", { name: `Delete the course “${COURSE_TITLE}”?` });
  await expectAskedStartingOnCancel(page, courseDialog);
  await courseDialog.getByText("Its sections, videos and files are deleted with it. This cannot be undone.").waitFor();
  await screenshotBothWidths(page, JOURNEY, "02-delete-course-dialog", { fullPage: false });
  await courseDialog.getByRole("button", { name: "Cancel" }).click();
  await courseDialog.waitFor({ state: "detached" });
  expect(await journey.server.db.course.count({ where: { id: courseDbId } })).toBe(1);

  await deleteCourse.click();
  await courseDialog.getByRole("button", { name: "Delete course" }).click();
  await toast(page, `The course “${COURSE_TITLE}” is deleted.`).waitFor();
  await page.getByRole("heading", { level: 1, name: "Your courses" }).waitFor();
  expect(await journey.server.db.course.count({ where: { id: courseDbId } })).toBe(0);
  await context.close();
});
