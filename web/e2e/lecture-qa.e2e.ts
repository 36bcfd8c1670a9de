// Journey: lecture Q&A. A learner asks a question at the moment the video is at; another learner
// answers it under the player; the instructor answers on the course's Q&A page and accepts that
// answer; the asker sees the notification in the header, opens it onto the thread with the
// accepted answer, and searches the course's questions.
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { databaseId } from "../../server/test/support/ids.ts";
import { signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { arrangeLearnableCourse } from "./support/learnable-course.ts";
import { routeMediaToTestServer, seekLessonVideo } from "./support/media.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";
import { toast } from "./support/toasts.ts";

const JOURNEY = "lecture-qa";
const journey = useJourney({ withDataDir: true });
let instructor: TestAccount;
let asker: TestAccount;
let helper: TestAccount;
let course: { courseId: string; slug: string; videoIds: string[] };

const ENROLL = /* GraphQL */ `mutation ($courseId: ID!) { enroll(courseId: $courseId) { id } }`;

beforeAll(async () => {
  instructor = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Irene Instructor" });
  asker = await signUp(journey.server, { displayName: "Lena Learner" });
  helper = await signUp(journey.server, { displayName: "Hugo Helper" });
  course = await arrangeLearnableCourse(journey.server, instructor.accessToken, journey.dataDir, {
    title: "Shell basics",
    description: "Find your way around a terminal.",
    videos: [{ title: "Opening the terminal", seconds: 30 }],
  });
  for (const learner of [asker, helper]) {
    const enrolled = await journey.server.graphql(ENROLL, { courseId: course.courseId }, { token: learner.accessToken });
    if (!enrolled.data?.enroll) throw new Error(`enroll failed: ${JSON.stringify(enrolled.errors)}`);
  }
});

const lesson = () => `/learn/courses/${encodeURIComponent(course.courseId)}/videos/${encodeURIComponent(course.videoIds[0])}`;
const TITLE = "Why does Ctrl+C not copy?";

test("a learner asks at a moment, another learner and the instructor answer, the instructor accepts, the asker is notified and searches", async () => {
  // The asker, at 0:08.
  const { context: askerContext, page } = await journey.openVisitor();
  await routeMediaToTestServer(askerContext, journey.server);
  await signInThroughForm(page, asker.email, asker.password);
  await page.goto(lesson());
  await page.getByRole("heading", { level: 1, name: "Opening the terminal" }).waitFor();
  const panel = page.getByRole("region", { name: "Questions and answers" });
  await panel.getByText(/^Nobody has asked about this video yet\./).waitFor();
  await seekLessonVideo(page, 8);
  await panel.getByRole("button", { name: "Ask a question at this moment" }).click();
  await panel.getByText("At 0:08 of “Opening the terminal”. The video is paused while you write.").waitFor();
  // An empty question is refused before it is sent.
  await panel.getByRole("button", { name: "Post question" }).click();
  await panel.getByText("Give your question a short title.").waitFor();
  await panel.getByRole("textbox", { name: "Title" }).fill(TITLE);
  await panel.getByRole("textbox", { name: "Your question" }).fill("In the terminal, Ctrl+C stops the program instead of copying.");
  await screenshotBothWidths(page, JOURNEY, "01-asking");
  await panel.getByRole("button", { name: "Post question" }).click();
  await toast(page, "Your question at 0:08 of “Opening the terminal” is posted. You will be notified of answers.").waitFor();
  await panel.getByRole("button", { name: TITLE }).waitFor();
  const stored = await journey.server.db.courseQuestion.findFirstOrThrow({ where: { userId: databaseId(asker.id) } });
  expect(stored).toMatchObject({ title: TITLE, positionSeconds: 8 });

  // Another learner answers under the player.
  const { context: helperContext, page: helperPage } = await journey.openVisitor();
  await routeMediaToTestServer(helperContext, journey.server);
  await signInThroughForm(helperPage, helper.email, helper.password);
  await helperPage.goto(lesson());
  const helperPanel = helperPage.getByRole("region", { name: "Questions and answers" });
  await helperPanel.getByRole("button", { name: TITLE }).click();
  await helperPanel.getByText("No answers yet. If you know, help out.").waitFor();
  await helperPanel.getByRole("textbox", { name: "Your answer" }).fill("Use Ctrl+Shift+C in most terminals.");
  await helperPanel.getByRole("button", { name: "Post answer" }).click();
  await toast(helperPage, "Your answer is posted. The person who asked is notified.").waitFor();
  await helperPanel.getByText("Use Ctrl+Shift+C in most terminals.").waitFor();
  await helperContext.close();

  // The instructor answers on the course's Q&A page, and accepts the learner's answer.
  const { context: teacherContext, page: teacherPage } = await journey.openVisitor();
  await signInThroughForm(teacherPage, instructor.email, instructor.password);
  await teacherPage.goto(`/learn/courses/${encodeURIComponent(course.courseId)}/questions`);
  await teacherPage.getByRole("heading", { level: 1, name: "Questions in Shell basics" }).waitFor();
  await teacherPage.getByRole("button", { name: TITLE }).click();
  await teacherPage.getByRole("textbox", { name: "Your answer" }).fill("Ctrl+C sends an interrupt; copying is Ctrl+Shift+C.");
  await teacherPage.getByRole("button", { name: "Post answer" }).click();
  await toast(teacherPage, "Your answer is posted. The person who asked is notified.").waitFor();
  await teacherPage.getByRole("button", { name: "Accept this answer by Hugo Helper" }).click();
  await toast(teacherPage, "Hugo Helper's answer is marked as the accepted answer.").waitFor();
  await teacherPage.getByText("Accepted answer", { exact: true }).waitFor();
  await screenshotBothWidths(teacherPage, JOURNEY, "02-instructor-accepts");
  await teacherContext.close();

  // The asker, still on the lesson: the bell counted both answers as they came; one opens the thread with the accepted answer.
  const bell = page.getByRole("button", { name: "Notifications, 2 unread" });
  await bell.waitFor();
  await bell.click();
  const dialog = page.getByRole("dialog", { name: "Notifications" });
  await dialog.getByRole("link", { name: `Hugo Helper answered your question “${TITLE}”` }).waitFor();
  await dialog.getByRole("link", { name: `Irene Instructor answered your question “${TITLE}”` }).waitFor();
  await screenshotBothWidths(page, JOURNEY, "03-notifications");
  // Mail about answers, from now on.
  const mail = dialog.getByRole("checkbox", { name: "Also email me when someone answers my questions" });
  await mail.click();
  await toast(page, "You will also get an email for each new answer to your questions.").waitFor();
  expect(await mail.isChecked()).toBe(true);
  expect(await journey.server.db.communityPreference.findUnique({ where: { userId: databaseId(asker.id) } })).toMatchObject({ mailOnAnswer: true });
  await dialog.getByRole("link", { name: `Hugo Helper answered your question “${TITLE}”` }).click();
  await page.getByRole("heading", { level: 1, name: "Opening the terminal" }).waitFor();
  await panel.getByText("Accepted answer", { exact: true }).waitFor();
  await panel.getByText("Use Ctrl+Shift+C in most terminals.").waitFor();
  await page.getByRole("button", { name: "Notifications, 1 unread" }).waitFor();
  await screenshotBothWidths(page, JOURNEY, "04-accepted-answer");

  // Searching the course's questions.
  await panel.getByRole("link", { name: "Search all of this course's questions" }).click();
  await page.getByRole("heading", { level: 1, name: "Questions in Shell basics" }).waitFor();
  await page.getByRole("searchbox", { name: "Search the questions" }).fill("copyi");
  await page.getByText("1 question matches “copyi”.").waitFor();
  await page.getByRole("button", { name: TITLE }).waitFor();
  await page.getByRole("searchbox", { name: "Search the questions" }).fill("python");
  await page.getByText("No question matches “python”. Try other words.").waitFor();
  await screenshotBothWidths(page, JOURNEY, "05-search");

  // The asker deletes the question: answered, it stays as a deleted question with its answers.
  await page.getByRole("searchbox", { name: "Search the questions" }).fill("");
  await page.getByText("1 question in this course.").waitFor();
  await page.getByRole("button", { name: TITLE }).click();
  await page.getByRole("button", { name: "Delete your question" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Delete your question?" });
  await confirm.getByRole("button", { name: "Delete question" }).click();
  await toast(page, "Your question is deleted. Answers it had stay, under a deleted question.").waitFor();
  await page.getByRole("button", { name: "Deleted question" }).waitFor();
  const kept = await journey.server.db.courseQuestion.findUniqueOrThrow({ where: { id: stored.id } });
  expect(kept).toMatchObject({ title: "", body: "" });
  expect(await journey.server.db.questionAnswer.count({ where: { questionId: stored.id } })).toBe(2);
  await askerContext.close();
});
