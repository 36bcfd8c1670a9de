// Journey: asking the course's tutor. A learner watching a lesson asks about it, sees the answer
// stream in (askTutor's own answer is held back until the streamed text is on screen), labelled
// as excerpts of the course and citing moments; a citation of this video seeks the player to its
// second, one of another video opens that video there; the usage meter counts the question; a
// question typed and left is still there after visiting another page; over the minute's questions
// the panel says when to ask again, over the day's budget when it resets.
import type { Page, Route } from "playwright-core";
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { databaseId } from "../../server/test/support/ids.ts";
import { waitUntil } from "../../server/test/support/wait.ts";
import { signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { arrangeLearnableCourse } from "./support/learnable-course.ts";
import { routeMediaToTestServer, seekLessonVideo } from "./support/media.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";

const JOURNEY = "tutor";
/** A low daily budget: the journey fills it to its last tokens to meet the limit. */
const DAILY_TOKENS = 12_000;
const journey = useJourney({ withDataDir: true, env: { TUTOR_DAILY_TOKENS: String(DAILY_TOKENS) } });
let learner: TestAccount;
let course: { courseId: string; slug: string; videoIds: string[] };

const ENROLL = /* GraphQL */ `mutation ($courseId: ID!) { enroll(courseId: $courseId) { id } }`;
const UPDATE_VIDEO = /* GraphQL */ `mutation ($id: ID!, $input: UpdateVideoInput!) { updateVideo(id: $id, input: $input) { id } }`;

/** The video's transcript through the API (which re-indexes it for the tutor): one 10 s cue per line. */
async function setTranscript(ownerToken: string, videoId: string, lines: string[]): Promise<void> {
  const at = (seconds: number) => `00:${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}.000`;
  const cues = lines.map((line, index) => `${at(index * 10)} --> ${at((index + 1) * 10)}\n${line}`);
  const transcriptVtt = ["WEBVTT", ...cues].join("\n\n") + "\n";
  const updated = await journey.server.graphql(UPDATE_VIDEO, { id: videoId, input: { transcriptVtt } }, { token: ownerToken });
  if (!updated.data?.updateVideo) throw new Error(`updateVideo failed: ${JSON.stringify(updated.errors)}`);
}

beforeAll(async () => {
  const instructor = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Irene Instructor" });
  learner = await signUp(journey.server, { displayName: "Lena Learner" });
  course = await arrangeLearnableCourse(journey.server, instructor.accessToken, journey.dataDir, {
    title: "Shell basics",
    description: "Find your way around a terminal.",
    videos: [
      { title: "Opening the terminal", seconds: 60 },
      { title: "Moving around", seconds: 60 },
    ],
  });
  const [first, second] = course.videoIds as [string, string];
  await setTranscript(instructor.accessToken, first, [
    "Welcome to this lesson about the terminal.",
    "First we open a new terminal window.",
    "Then we type a command and press enter.",
    "The pwd command prints the working directory you are in.",
    "It answers with the full path of that directory.",
    "That is all for opening the terminal.",
  ]);
  await setTranscript(instructor.accessToken, second, [
    "Now we move between folders.",
    "Every folder has a path.",
    "The shell remembers where you are.",
    "To go up to the parent folder, type cd followed by two dots.",
    "Going up again takes you to the root.",
    "Practice moving around.",
  ]);
  const enrolled = await journey.server.graphql(ENROLL, { courseId: course.courseId }, { token: learner.accessToken });
  if (!enrolled.data?.enroll) throw new Error(`enroll failed: ${JSON.stringify(enrolled.errors)}`);
});

const currentTime = (page: Page) => page.evaluate(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime);

/** "0:30–1:00 · Opening the terminal", as the panel labels a stored citation. */
function labelOf(citation: { startSeconds: number; endSeconds: number | null }, title: string): string {
  const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, "0")}`;
  return `${clock(citation.startSeconds)}–${clock(citation.endSeconds!)} · ${title}`;
}

/** The learner's latest answer as stored: its citations, with the videos' database ids. */
async function latestAnswer() {
  const answer = await journey.server.db.tutorMessage.findFirstOrThrow({
    where: { role: "ASSISTANT", thread: { userId: databaseId(learner.id) } },
    orderBy: { createdAt: "desc" },
  });
  return answer.citations as { videoId: string; startSeconds: number; endSeconds: number | null; snippet: string }[];
}

/**
 * Holds askTutor's HTTP answer (already made by the server) until `release`, so the journey sees
 * what the answer's stream shows before the stored answer replaces it.
 */
async function holdAnswers(page: Page): Promise<{ release: () => void }> {
  let release = () => {};
  await page.route("**/graphql", async (route: Route) => {
    const body = route.request().postDataJSON() as { operationName?: string } | null;
    if (body?.operationName !== "AskTutor") return route.fallback();
    const response = await route.fetch();
    await new Promise<void>((resolve) => (release = resolve));
    await route.fulfill({ response });
  });
  return { release: () => release() };
}

test("a learner asks about the lesson, reads the streamed answer, follows its citations, and meets the minute's and the day's limits", async () => {
  const { context, page } = await journey.openVisitor();
  await routeMediaToTestServer(context, journey.server);
  await signInThroughForm(page, learner.email, learner.password);
  const [firstVideo, secondVideo] = course.videoIds as [string, string];
  await page.goto(`/learn/courses/${encodeURIComponent(course.courseId)}/videos/${encodeURIComponent(firstVideo)}`);
  await page.getByRole("heading", { level: 1, name: "Opening the terminal" }).waitFor();
  const panel = page.getByRole("region", { name: "Ask the tutor" });
  const meter = panel.getByRole("progressbar", { name: "Tutor budget" });
  await meter.getByText("0 of 12,000 tokens used today").waitFor();
  await screenshotBothWidths(page, JOURNEY, "01-panel");

  // Watching the start of the lesson, the learner asks about it; the answer streams in first.
  await seekLessonVideo(page, 5);
  const held = await holdAnswers(page);
  const question = panel.getByLabel("Your question");
  await question.fill("What does the pwd command print?");
  await question.press("Enter");
  const streaming = panel.locator('[aria-live="polite"] [data-state="streaming"]');
  await streaming.getByText(/The pwd command prints the working directory/).waitFor();
  await screenshotBothWidths(page, JOURNEY, "02-answer-streaming");
  held.release();

  // The stored answer replaces the stream: labelled as excerpts, with its citations.
  const answer = panel.getByRole("listitem").filter({ hasText: "The tutor answered" }).last();
  await answer.getByText("Excerpts from the course").waitFor();
  const citations = await latestAnswer();
  const pwd = citations.find((citation) => citation.snippet.includes("pwd"));
  expect(pwd).toBeDefined();
  expect(pwd!.videoId).toBe(databaseId(firstVideo));
  const pwdCitation = answer.getByRole("button", { name: labelOf(pwd!, "Opening the terminal") });
  await pwdCitation.waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-state="streaming"]'));
  await meter.getByText(/^[1-9][\d,]* of 12,000 tokens used today$/).waitFor();
  await page.unroute("**/graphql");
  await screenshotBothWidths(page, JOURNEY, "03-answer-with-citations");

  // The citation seeks the player to its second.
  expect(await currentTime(page)).toBe(5);
  await pwdCitation.click();
  await page.waitForFunction((start) => document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime === start, pwd!.startSeconds);
  expect(await page.evaluate(() => document.activeElement?.classList.contains("lesson-video"))).toBe(true);

  // A question about the other lesson, in the same conversation: its citation opens that video there.
  await question.fill("How do I go up to the parent folder?");
  await panel.getByRole("button", { name: "Ask" }).click();
  await panel.getByRole("listitem").filter({ hasText: "How do I go up to the parent folder?" }).waitFor();
  const parent = (await latestAnswer()).find((citation) => citation.snippet.includes("parent folder"));
  expect(parent).toBeDefined();
  expect(parent!.videoId).toBe(databaseId(secondVideo));
  await panel.getByRole("button", { name: labelOf(parent!, "Moving around") }).first().click();
  await page.getByRole("heading", { level: 1, name: "Moving around" }).waitFor();
  await page.waitForFunction(
    (start) => {
      const video = document.querySelector<HTMLVideoElement>("video.lesson-video");
      return video !== null && video.readyState >= 1 && video.currentTime === start;
    },
    parent!.startSeconds,
  );
  // The conversation is still the one open.
  await panel.getByRole("listitem").filter({ hasText: "What does the pwd command print?" }).waitFor();
  await screenshotBothWidths(page, JOURNEY, "04-other-video-at-citation");

  // A question typed and left behind is there on coming back.
  await question.fill("Is there a shortcut to go home?\nI keep typing long paths.");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My learning" }).click();
  await page.getByRole("heading", { level: 1, name: "My learning" }).waitFor();
  await page.goBack();
  await waitUntil("the draft back in the box", async () => (await question.inputValue()) === "Is there a shortcut to go home?\nI keep typing long paths.");

  // The minute's questions used up (ten asked in the last 60 seconds, the oldest 20 seconds ago):
  // the panel says in how many seconds to ask again.
  await journey.server.db.$executeRaw`
    UPDATE tutor_usage SET recent_requests = ARRAY(SELECT now() - make_interval(secs => ago) FROM generate_series(20, 11, -1) AS ago)
    WHERE user_id = ${databaseId(learner.id)}::uuid`;
  await question.press("Enter");
  await panel.getByRole("alert").getByText(/^Too many questions in a minute; try again in (3\d|40) seconds\.$/).waitFor();
  await panel.getByText(/^10 of 10 questions in the last minute\./).waitFor();
  await screenshotBothWidths(page, JOURNEY, "05-minute-limit");

  // Over the day's budget: the question stays, and the panel says when asking works again.
  await journey.server.db.tutorUsage.update({ where: { userId: databaseId(learner.id) }, data: { tokensUsed: DAILY_TOKENS - 100, recentRequests: [] } });
  await question.press("Enter");
  await panel.getByRole("alert").getByText(/^You've used today's tutor budget; it resets (tomorrow )?at .+\.$/).waitFor();
  await meter.getByText("11,900 of 12,000 tokens used today").waitFor();
  expect(await question.inputValue()).toBe("Is there a shortcut to go home?\nI keep typing long paths.");
  await screenshotBothWidths(page, JOURNEY, "06-daily-limit");
  await context.close();
});
