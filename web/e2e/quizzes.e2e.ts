// Journey: quizzes. The course's owner adds a quiz to a section in the course editor and makes
// passing it required for completion; a learner who watched the course's only video takes it,
// fails, reads the explanations, retakes it and passes: the course completes and its certificate
// is issued. The course, the enrollment and the watching are arranged through the API
// (the watching once the quiz exists: a course completed before a quiz is added stays completed).
import type { Page } from "playwright-core";
import { parseId, toGlobalId } from "../../server/src/platform/ids.ts";
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { arrangePublishedCourse } from "./support/published-course.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";
import { toast } from "./support/toasts.ts";

const JOURNEY = "quizzes";
const journey = useJourney();
let owner: TestAccount;
let learner: TestAccount;
let courseId: string;
let videoId: string;

async function call(person: TestAccount, document: string, variables: Record<string, unknown>): Promise<void> {
  const result = await journey.server.graphql(document, variables, { token: person.accessToken });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
}

beforeAll(async () => {
  owner = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Olga Owner" });
  learner = await signUp(journey.server, { displayName: "Lena Learner" });
  await arrangePublishedCourse(journey.server, {
    ownerId: parseId(owner.id, "User", "ownerId"),
    slug: "watercolor-basics",
    title: "Watercolor basics",
    description: "Watercolor, step by step.",
    tags: ["painting"],
    sectionTitle: "First steps",
    video: { title: "Materials", durationSeconds: 120 },
  });
  const course = await journey.server.db.course.findUniqueOrThrow({ where: { slug: "watercolor-basics" }, include: { videos: true } });
  courseId = toGlobalId("Course", course.id);
  videoId = toGlobalId("Video", course.videos[0].id);
  await call(learner, `mutation ($courseId: ID!) { enroll(courseId: $courseId) { id } }`, { courseId });
});

async function openAs(person: TestAccount): Promise<Page> {
  const { page } = await journey.openVisitor();
  await signInThroughForm(page, person.email, person.password);
  return page;
}

async function answer(page: Page, paper: string, layers: string) {
  // As a person does: a click on the choice's label (React Aria hides the input itself).
  await page.getByRole("button", { name: "Submit your answers" }).waitFor();
  await page.locator("label.quiz-option", { hasText: paper }).click();
  await page.getByRole("radio", { name: paper, checked: true }).waitFor({ state: "attached" });
  await page.getByLabel("2. How many layers of wash does the exercise use?").fill(layers);
}

test("an instructor adds a required quiz; a learner fails it, reads the explanations, retakes and passes, and the course completes", async () => {
  // The owner writes the quiz in the course editor.
  const teacher = await openAs(owner);
  await teacher.goto(`/teach/courses/${courseId}/edit`);
  const quizzes = teacher.getByRole("group", { name: "Quizzes of First steps" });
  await quizzes.getByRole("button", { name: "Add a quiz to First steps" }).click();
  const form = teacher.getByRole("form", { name: "New quiz" });
  await form.getByRole("button", { name: "Add the quiz" }).click();
  await form.getByText("Give the quiz a title.").waitFor();
  await form.getByLabel("Quiz title").fill("Paper check");
  await form.getByLabel("Pass mark (%)").fill("100");
  await form.getByLabel("Attempts allowed").fill("3");
  await form.getByLabel("Learners must pass this quiz to complete the course").check();
  await form.getByLabel("Question 1", { exact: true }).fill("Which paper holds a wash best?");
  await form.getByLabel("Choice 1", { exact: true }).fill("Cold-press watercolor paper");
  await form.getByLabel("Explanation of choice 1 (optional)").fill("Its tooth and sizing hold the water evenly.");
  await form.getByLabel("Choice 2", { exact: true }).fill("Glossy printer paper");
  await form.getByLabel("Explanation of choice 2 (optional)").fill("The coating makes the paint bead up instead of soaking in.");
  await form.getByLabel("Video question 1 is about").selectOption({ label: "Materials" });
  await form.getByLabel("At second").first().fill("45");
  await form.getByRole("button", { name: "Add a question" }).click();
  await form.getByLabel("Kind of question 2").selectOption({ label: "A number" });
  await form.getByLabel("Question 2", { exact: true }).fill("How many layers of wash does the exercise use?");
  await form.getByLabel("Right answer").fill("3");
  await form.getByLabel("Explanation of question 2 (optional)").fill("Three: a light base, a middle tone and the darks.");
  await screenshotBothWidths(teacher, JOURNEY, "00-owner-writes-quiz", { fullPage: true });
  await form.getByRole("button", { name: "Add the quiz" }).click();
  await toast(teacher, "The quiz “Paper check” is added to the section “First steps”.").waitFor();
  await quizzes.getByText("2 questions, pass mark 100 %, 3 attempts, required to complete the course.").waitFor();
  await screenshotBothWidths(teacher, JOURNEY, "01-owner-quiz-added");

  // The learner watches the only video (through the API; the player's journey is learning.e2e.ts):
  // the course is not complete without the quiz.
  await call(learner, `mutation ($input: RecordProgressInput!) { recordProgress(input: $input) { completed } }`, {
    input: { videoId, positionSeconds: 120, watchedRanges: [{ startSeconds: 0, endSeconds: 120 }] },
  });
  const page = await openAs(learner);
  await page.goto(`/learn/courses/${courseId}`);
  await page.getByRole("progressbar", { name: "Your progress" }).getByText("1 of 1 video completed, 0 of 1 required quiz passed").waitFor();
  const quizLink = page.getByRole("link", { name: /Quiz: Paper check.*Not started/ });
  await quizLink.waitFor();
  await screenshotBothWidths(page, JOURNEY, "02-learner-outline");
  await quizLink.click();
  await page.getByRole("heading", { level: 1, name: "Paper check" }).waitFor();
  await page.getByText("You have 3 attempts left.").waitFor();
  await page.getByRole("button", { name: "Start the quiz" }).click();

  // First attempt: wrong on both.
  await answer(page, "Glossy printer paper", "5");
  await screenshotBothWidths(page, JOURNEY, "03-learner-answers", { fullPage: true });
  await page.getByRole("button", { name: "Submit your answers" }).click();
  await toast(page, "Your answers are submitted. See the explanations below.").waitFor();
  await page.getByText("You scored 0 %: the pass mark is 100 %. You did not pass this time; read the explanations below.").waitFor();
  await page.getByText("You picked “Glossy printer paper”, which is wrong. The coating makes the paint bead up instead of soaking in.").waitFor();
  await page.getByText("Three: a light base, a middle tone and the darks.").waitFor();
  await page.getByText("You have 2 attempts left.").waitFor();
  await screenshotBothWidths(page, JOURNEY, "04-learner-failed", { fullPage: true });

  // The retake: right on both; the course completes, with its certificate.
  await page.getByRole("button", { name: "Retake the quiz" }).click();
  await answer(page, "Cold-press watercolor paper", "3");
  await page.getByRole("button", { name: "Submit your answers" }).click();
  await toast(page, "You passed the quiz.").waitFor();
  await page.getByText("You scored 100 % and passed (the pass mark is 100 %).").waitFor();
  await page.getByText("You completed the course “Watercolor basics”.").waitFor();
  await page.getByRole("link", { name: /View your certificate/ }).waitFor();
  await screenshotBothWidths(page, JOURNEY, "05-learner-passed", { fullPage: true });

  await page.getByRole("link", { name: "Back to Watercolor basics" }).click();
  await page.getByRole("link", { name: /Quiz: Paper check.*Passed/ }).waitFor();
  await page.getByRole("progressbar", { name: "Your progress" }).getByText("Course completed").waitFor();
});
