// Journey: a learner's conversations with a tutor that answers through a language model (the
// loopback OpenAI-compatible peer). A long conversation opens at its latest messages and loads
// earlier ones above what is being read; switching between two conversations shows each one's own
// messages; an answer the model stopped giving half-way says it was cut off; a new conversation
// starts empty and joins the list once asked in.
import type { Page } from "playwright-core";
import { PEER_API_KEY, startOpenAiPeer, type OpenAiPeer } from "../../server/test/support/openai-peer.ts";
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { arrangeLearnableCourse } from "./support/learnable-course.ts";
import { routeMediaToTestServer } from "./support/media.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";

const JOURNEY = "tutor-threads";
/** Questions of the long conversation: 26 messages, 6 more than the 20 it opens with. */
const LONG_QUESTIONS = 13;

let peer: OpenAiPeer;
/** Filled once the peer listens, before the journey's server starts with it. */
const modelEnv: Record<string, string> = { TUTOR_REQUESTS_PER_MINUTE: "1000", TUTOR_DAILY_TOKENS: "1000000" };
beforeAll(async () => {
  peer = await startOpenAiPeer();
  Object.assign(modelEnv, { OPENAI_API_KEY: PEER_API_KEY, OPENAI_BASE_URL: peer.url, OPENAI_MODEL: "peer-model-1" });
});
afterAll(() => peer.close());
const journey = useJourney({ withDataDir: true, env: modelEnv });

let learner: TestAccount;
let course: { courseId: string; videoIds: string[] };
let longThreadId: string;
let shortThreadId: string;

const ENROLL = /* GraphQL */ `mutation ($courseId: ID!) { enroll(courseId: $courseId) { id } }`;
const ASK = /* GraphQL */ `mutation ($input: AskTutorInput!) { askTutor(input: $input) { thread { id } } }`;

/** A question asked through the API, the peer answering `answer`; answers the thread's id. */
async function askThroughApi(question: string, answer: string, threadId?: string): Promise<string> {
  peer.behave({ kind: "answer", pieces: [answer] });
  const asked = await journey.server.graphql(ASK, { input: { courseId: course.courseId, question, threadId } }, { token: learner.accessToken });
  if (!asked.data?.askTutor) throw new Error(`askTutor failed: ${JSON.stringify(asked.errors)}`);
  return asked.data.askTutor.thread.id as string;
}

beforeAll(async () => {
  const instructor = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Irene Instructor" });
  learner = await signUp(journey.server, { displayName: "Lena Learner" });
  course = await arrangeLearnableCourse(journey.server, instructor.accessToken, journey.dataDir, {
    title: "Shell basics",
    description: "Find your way around a terminal.",
    videos: [{ title: "Opening the terminal", seconds: 30 }],
  });
  const enrolled = await journey.server.graphql(ENROLL, { courseId: course.courseId }, { token: learner.accessToken });
  if (!enrolled.data?.enroll) throw new Error(`enroll failed: ${JSON.stringify(enrolled.errors)}`);
  longThreadId = await askThroughApi("Long question 1: what is a shell?", "Long answer 1: the program that reads your commands.");
  for (let number = 2; number <= LONG_QUESTIONS; number += 1) {
    await askThroughApi(`Long question ${number}: and then?`, `Long answer ${number}: the next step of the lesson.`, longThreadId);
  }
  shortThreadId = await askThroughApi("What is a pipe?", "A pipe passes one command's output to the next command.");
});

/** The messages on screen, oldest first, as the learner reads them. */
const shownMessages = (page: Page) =>
  page.getByRole("region", { name: "Conversation with the tutor" }).locator(".tutor-thread > li .tutor-text").allTextContents();

/** How far an element's top is below the top of the scrolling conversation, in pixels. */
const offsetInConversation = (page: Page, text: string) =>
  page.evaluate((wanted) => {
    const box = document.querySelector<HTMLElement>(".tutor-messages")!;
    const message = Array.from(box.querySelectorAll<HTMLElement>(".tutor-thread > li")).find((item) => item.textContent?.includes(wanted))!;
    return message.getBoundingClientRect().top - box.getBoundingClientRect().top;
  }, text);

test("a learner opens a long conversation at its end, reads earlier messages, switches conversations, meets a cut-off answer and starts a new one", async () => {
  const { context, page } = await journey.openVisitor();
  await routeMediaToTestServer(context, journey.server);
  await signInThroughForm(page, learner.email, learner.password);
  await page.goto(`/learn/courses/${encodeURIComponent(course.courseId)}/videos/${encodeURIComponent(course.videoIds[0])}`);
  await page.getByRole("heading", { level: 1, name: "Opening the terminal" }).waitFor();
  const panel = page.getByRole("region", { name: "Ask the tutor" });
  const conversations = panel.getByLabel("Conversation", { exact: true });
  const conversation = panel.getByRole("region", { name: "Conversation with the tutor" });
  const earlier = conversation.getByRole("button", { name: "Show earlier messages" });

  // The long conversation opens at its latest 20 messages, the answers labelled as the model's.
  await conversations.selectOption(longThreadId);
  await conversation.getByText(`Long answer ${LONG_QUESTIONS}: the next step of the lesson.`).waitFor();
  let shown = await shownMessages(page);
  expect(shown).toHaveLength(20);
  expect(shown[0]).toBe("Long question 4: and then?");
  expect(shown.at(-1)).toBe(`Long answer ${LONG_QUESTIONS}: the next step of the lesson.`);
  const lastAnswer = conversation.getByRole("listitem").filter({ hasText: `Long answer ${LONG_QUESTIONS}` });
  await lastAnswer.getByText("Written by a language model").waitFor();
  await earlier.waitFor();
  await screenshotBothWidths(page, JOURNEY, "01-long-conversation-latest");

  // Earlier messages go in above; what was first on screen stays where it was.
  await earlier.scrollIntoViewIfNeeded();
  await screenshotBothWidths(page, JOURNEY, "02-show-earlier-messages");
  await earlier.scrollIntoViewIfNeeded();
  const before = await offsetInConversation(page, "Long question 4: and then?");
  await earlier.click();
  await conversation.getByText("Long question 1: what is a shell?").waitFor();
  expect(Math.abs((await offsetInConversation(page, "Long question 4: and then?")) - before)).toBeLessThanOrEqual(2);
  shown = await shownMessages(page);
  expect(shown).toHaveLength(2 * LONG_QUESTIONS);
  expect(shown.slice(0, 2)).toEqual(["Long question 1: what is a shell?", "Long answer 1: the program that reads your commands."]);
  await panel.getByRole("status").getByText("6 earlier messages shown above.").waitFor({ state: "attached" });
  // That was the first message: the button is gone and the keyboard carries on in the conversation.
  expect(await earlier.count()).toBe(0);
  expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Conversation with the tutor");
  await screenshotBothWidths(page, JOURNEY, "03-earlier-messages-shown");

  // The other conversation shows its own messages only.
  await conversations.selectOption(shortThreadId);
  await conversation.getByText("A pipe passes one command's output to the next command.").waitFor();
  expect(await shownMessages(page)).toEqual(["What is a pipe?", "A pipe passes one command's output to the next command."]);
  await screenshotBothWidths(page, JOURNEY, "04-other-conversation");

  // The model stops half-way: the panel says so, and keeps what it had said marked as cut off.
  peer.behave({ kind: "cut", pieces: ["Pipes can be chained: ", "ls | sort | head takes"] });
  const question = panel.getByLabel("Your question");
  await question.fill("Can I chain pipes?");
  await question.press("Enter");
  await panel.getByRole("alert").getByText(/^The tutor's model is not answering right now; try again in [1-9]\d* seconds?\.$/).waitFor();
  const cut = conversation.getByRole("listitem").filter({ hasText: "Pipes can be chained" });
  await cut.getByText("This answer was cut off because the tutor's model failed. Ask again in a moment.").waitFor();
  await cut.getByText("Written by a language model").waitFor();
  // Said once, by the notice: the API's closing note of the stored answer is not shown again.
  expect(await cut.locator(".tutor-text").textContent()).toBe("Pipes can be chained: ls | sort | head takes");
  expect(await question.inputValue()).toBe("Can I chain pipes?");
  await screenshotBothWidths(page, JOURNEY, "05-cut-off-answer");

  // Back to the long conversation: its messages again, none of the other's.
  await conversations.selectOption(longThreadId);
  await conversation.getByText(`Long answer ${LONG_QUESTIONS}: the next step of the lesson.`).waitFor();
  shown = await shownMessages(page);
  expect(shown).not.toContain("What is a pipe?");
  expect(shown.at(-1)).toBe(`Long answer ${LONG_QUESTIONS}: the next step of the lesson.`);

  // A new conversation starts empty, and once asked in it is in the list and open.
  await question.fill("");
  await panel.getByRole("button", { name: "New conversation" }).click();
  await conversation.getByText(/^Ask about what you are watching/).waitFor();
  expect(await shownMessages(page)).toEqual([]);
  await screenshotBothWidths(page, JOURNEY, "06-new-conversation");
  peer.behave({ kind: "answer", pieces: ["ls lists ", "the files of a folder."] });
  await question.fill("What does ls do?");
  await question.press("Enter");
  await conversation.getByRole("listitem").filter({ hasText: "ls lists the files of a folder." }).waitFor();
  expect(await shownMessages(page)).toEqual(["What does ls do?", "ls lists the files of a folder."]);
  const options = await conversations.locator("option").allTextContents();
  expect(options).toHaveLength(3);
  expect(options[0]).toMatch(/^What does ls do\? · /);
  await screenshotBothWidths(page, JOURNEY, "07-new-conversation-answered");
  await context.close();
});
