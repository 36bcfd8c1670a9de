// Journey: what the tutor cost. The demo instructor, owner of the demo course, opens its editor's
// Tutor tab: nobody has asked yet, and it says so. Then the demo student asks twice, once answered
// by a model (a second API server on the same database, talking to the loopback OpenAI-compatible
// peer) and once offline with the course's excerpts; after a refresh the tab shows the questions,
// the learner, the tokens and the cost estimated at the configured prices, the excerpts free.
import { DEMO_ACCOUNTS, seedDemoData } from "../../prisma/seed.ts";
import { toGlobalId } from "../../server/src/platform/ids.ts";
import { PEER_API_KEY, startOpenAiPeer, type OpenAiPeer } from "../../server/test/support/openai-peer.ts";
import { startTestServer, type TestServer } from "../../server/test/support/test-server.ts";
import { signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { routeMediaToTestServer } from "./support/media.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";

const JOURNEY = "tutor-costs";
/** Both servers sign with it, so the demo student's session works on either. */
const JWT_SECRET = "tutor-costs-journey-signing-secret-0123456789";
const PRICES = { TUTOR_PROMPT_PRICE_PER_1K_TOKENS: "0.15", TUTOR_COMPLETION_PRICE_PER_1K_TOKENS: "0.6", TUTOR_PRICE_CURRENCY: "USD" };
const journey = useJourney({ withDataDir: true, env: { JWT_SECRET, ...PRICES } });

let peer: OpenAiPeer;
/** Answers through the peer's model, on the journey server's database. */
let modelServer: TestServer;

const SIGN_IN = /* GraphQL */ `mutation ($email: String!, $password: String!) { signIn(input: { email: $email, password: $password }) { accessToken } }`;
const ASK = /* GraphQL */ `mutation ($input: AskTutorInput!) { askTutor(input: $input) { answer { id } } }`;

beforeAll(async () => {
  await seedDemoData(journey.server.app.platform);
  peer = await startOpenAiPeer();
  modelServer = await startTestServer(
    { JWT_SECRET, ...PRICES, OPENAI_API_KEY: PEER_API_KEY, OPENAI_BASE_URL: peer.url, OPENAI_MODEL: "gpt-4o-mini" },
    { besides: journey.server },
  );
});

afterAll(async () => {
  await modelServer?.close();
  await peer?.close();
});

async function demoStudentAsks(server: TestServer, courseId: string, question: string): Promise<void> {
  const student = DEMO_ACCOUNTS.find((account) => account.role === "STUDENT")!;
  const signedIn = await server.graphql(SIGN_IN, { email: student.email, password: student.password });
  const token = signedIn.data!.signIn.accessToken as string;
  const asked = await server.graphql(ASK, { input: { courseId, question } }, { token });
  if (!asked.data?.askTutor) throw new Error(`askTutor failed: ${JSON.stringify(asked.errors)}`);
}

test("the demo instructor sees the tutor's questions, tokens and estimated cost of their course", async () => {
  const instructor = DEMO_ACCOUNTS.find((account) => account.role === "INSTRUCTOR")!;
  const course = await journey.server.db.course.findUniqueOrThrow({ where: { slug: "practical-typescript" } });
  const courseId = toGlobalId("Course", course.id);
  const { context, page } = await journey.openVisitor();
  await routeMediaToTestServer(context, journey.server);
  await signInThroughForm(page, instructor.email, instructor.password);
  await page.goto(`/teach/courses/${encodeURIComponent(courseId)}/edit`);

  await page.getByRole("tab", { name: "Tutor" }).click();
  const panel = page.getByRole("region", { name: "Tutor" });
  await panel
    .getByText("No learner asked this course’s tutor in the last 30 days. Their questions, the tokens they used and the estimated cost appear here once they do.")
    .waitFor();
  await panel.getByText("Costs are estimated at the prices configured for this platform: $0.15 per 1,000 prompt tokens").waitFor();
  await screenshotBothWidths(page, JOURNEY, "01-nobody-asked");

  // (12,000 × 0.15 + 2,000 × 0.60) / 1,000 = $3.00 for the model's answer; the excerpts are free.
  peer.behave({ kind: "answer", pieces: ["Turn on strict mode from the start [1]."], usage: { prompt_tokens: 12_000, completion_tokens: 2_000 } });
  await demoStudentAsks(modelServer, courseId, "How do I turn on strict mode?");
  await demoStudentAsks(journey.server, courseId, "What does strict mode check?");

  await panel.getByRole("button", { name: "Refresh" }).click();
  const figures = panel.locator(".course-tutor-figures");
  await figures.getByText("$3.00").waitFor();
  const figureOf = async (name: string) => (await figures.locator("div", { has: page.getByText(name, { exact: true }) }).locator("dd").innerText()).split("\n")[0];
  expect(await figureOf("Questions")).toBe("2");
  expect(await figureOf("Learners who asked")).toBe("1");
  expect(await figureOf("Estimated cost")).toBe("$3.00");

  const byModel = panel.getByRole("table", { name: "Answers by model" });
  const modelRow = byModel.getByRole("row", { name: /gpt-4o-mini/ });
  expect(await modelRow.getByRole("cell").allInnerTexts()).toEqual(expect.arrayContaining(["1", "12,000", "2,000", "$3.00"]));
  const excerptsRow = byModel.getByRole("row", { name: /Course excerpts \(no model\)/ });
  expect(await excerptsRow.getByRole("cell").last().innerText()).toBe("$0.00 (free)");
  await panel.getByText("Answers made of the course’s own excerpts never call a model and cost nothing.").waitFor();
  await page.getByRole("img", { name: /^Questions per day from .+: at most 2 questions, on / }).waitFor();

  await panel.getByText("Days with questions, as a table").click();
  const days = panel.getByRole("table", { name: "Questions per day, the latest first" });
  expect(await days.getByRole("row").count()).toBe(2);
  await screenshotBothWidths(page, JOURNEY, "02-figures");

  // A week: today's questions still count, one bar a day.
  await panel.getByLabel("Period").selectOption({ label: "Last 7 days" });
  await page.waitForFunction(() => document.querySelectorAll(".course-tutor-chart-bar").length === 7);
  expect(await figureOf("Questions")).toBe("2");
  await context.close();
});
