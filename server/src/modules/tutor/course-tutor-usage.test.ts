// A course's tutor usage for its owner and admins: questions, learners, tokens and the cost
// estimated at the configured prices, for model answers (through the loopback OpenAI-compatible
// peer) and the offline excerpts (a second server on the same database, with no model: free), per
// model and per UTC day; the range's defaults and limits; refusals that show nothing.
import { databaseState } from "../../../test/support/database-state.ts";
import { expectError } from "../../../test/support/errors.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { PEER_API_KEY, startOpenAiPeer, type OpenAiPeer } from "../../../test/support/openai-peer.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { addCoInstructor, createCourse } from "../catalog/catalog.fixtures.ts";
import { signUp, signUpCast, type Cast, type TestAccount } from "../identity/identity.fixtures.ts";
import { enrollAs } from "../learning/learning.fixtures.ts";
import { COURSE_USAGE } from "./course-tutor-usage.fixtures.ts";
import { ASK, courseWithTranscript } from "./tutor.fixtures.ts";

const LINES = ["Generics let a function keep the type of its argument.", "Union types describe a value that is one of several types."];
const PRICES = { TUTOR_PROMPT_PRICE_PER_1K_TOKENS: "0.5", TUTOR_COMPLETION_PRICE_PER_1K_TOKENS: "1.5", TUTOR_PRICE_CURRENCY: "USD" };
/** Both servers: the budgets lifted, and one token key, so a session of one is good on the other. */
const SHARED = { ...UNTHROTTLED, TUTOR_DAILY_TOKENS: "200000", TUTOR_REQUESTS_PER_MINUTE: "1000", JWT_SECRET: "course-tutor-usage-test-signing-secret-0123" };
const DAY_MS = 86_400_000;

let peer: OpenAiPeer;
/** Answers through the peer's model. */
let server: TestServer;
/** The same database, answering offline with excerpts. */
let offline: TestServer;
let cast: Cast;

beforeAll(async () => {
  peer = await startOpenAiPeer();
  server = await startTestServer({ ...SHARED, ...PRICES, OPENAI_API_KEY: PEER_API_KEY, OPENAI_BASE_URL: peer.url, OPENAI_MODEL: "peer-model-1" });
  offline = await startTestServer({ ...SHARED, ...PRICES }, { besides: server });
  cast = await signUpCast(server);
});
afterAll(async () => {
  await offline.close();
  await server.close();
  await peer.close();
});

/** A published course of the cast's owner, with a transcript to ask about and the cast's co-instructor. */
async function courseOfOwner() {
  const course = await courseWithTranscript(server, cast.owner.accessToken, LINES);
  await addCoInstructor(server, cast.owner.accessToken, course.courseId, cast.coInstructor.id);
  return course;
}

async function ask(on: TestServer, learner: TestAccount, courseId: string, question = "What do generics keep?") {
  const result = await on.graphql(ASK, { input: { courseId, question } }, { token: learner.accessToken });
  if (!result.data?.askTutor) throw new Error(`askTutor failed: ${JSON.stringify(result.errors)}`);
  return result.data.askTutor.answer as { id: string; promptTokens: number; completionTokens: number };
}

async function learnerOf(courseId: string) {
  const learner = await signUp(server);
  await enrollAs(server, learner.accessToken, courseId);
  return learner;
}

const usage = (token: string | undefined, variables: Record<string, unknown>) => server.graphql(COURSE_USAGE, variables, { token });

/** Moves a stored answer to another moment (its question stays: only answers are counted). */
const answeredAt = (answerId: string, at: Date) => server.db.tutorMessage.update({ where: { id: databaseId(answerId) }, data: { createdAt: at } });

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

describe("figures", () => {
  it("counts model answers' tokens at the configured prices, and excerpts as questions that cost nothing", async () => {
    const { courseId } = await courseOfOwner();
    const [ada, bob] = [await learnerOf(courseId), await learnerOf(courseId)];
    peer.behave({ kind: "answer", pieces: ["Generics keep the type [1]."], usage: { prompt_tokens: 1000, completion_tokens: 200 } });
    await ask(server, ada, courseId);
    await ask(server, bob, courseId);
    const excerpt = await ask(offline, ada, courseId, "union types");
    const stored = await server.db.tutorMessage.findUniqueOrThrow({ where: { id: databaseId(excerpt.id) } });
    expect(stored.model).toBe("excerpts");

    const result = await usage(cast.owner.accessToken, { courseId });
    expect(result.errors).toBeUndefined();
    const figures = result.data!.courseTutorUsage;
    // (1000 × 0.5 + 200 × 1.5) / 1000 = 0.80 USD a model answer.
    expect(figures).toMatchObject({
      questions: 3,
      askers: 2,
      promptTokens: 2000 + excerpt.promptTokens,
      completionTokens: 400 + excerpt.completionTokens,
      estimatedCostCents: 160,
      currency: "USD",
      prices: { promptPer1kTokens: 0.5, completionPer1kTokens: 1.5 },
    });
    expect(excerpt.promptTokens + excerpt.completionTokens).toBeGreaterThan(0);
    expect(figures.byModel).toEqual([
      { model: "peer-model-1", excerpts: false, questions: 2, promptTokens: 2000, completionTokens: 400, estimatedCostCents: 160 },
      { model: "excerpts", excerpts: true, questions: 1, promptTokens: excerpt.promptTokens, completionTokens: excerpt.completionTokens, estimatedCostCents: 0 },
    ]);
  });

  it("counts an answer cut off half-way with the tokens its model was sent and had written", async () => {
    const { courseId } = await courseOfOwner();
    const learner = await learnerOf(courseId);
    peer.behave({ kind: "cut", pieces: ["Generics keep ", "the type"] });
    const refused = await server.graphql(ASK, { input: { courseId, question: "generics" } }, { token: learner.accessToken });
    expectError(refused, "RATE_LIMITED", "TUTOR_MODEL_UNAVAILABLE");
    const cut = await server.db.tutorMessage.findFirstOrThrow({ where: { role: "ASSISTANT", thread: { courseId: databaseId(courseId) } } });
    expect(cut.incomplete).toBe(true);
    const figures = (await usage(cast.owner.accessToken, { courseId })).data!.courseTutorUsage;
    expect(figures).toMatchObject({ questions: 1, askers: 1, promptTokens: cut.promptTokens, completionTokens: cut.completionTokens });
    expect(figures.estimatedCostCents).toBe(Math.round((cut.promptTokens! * 0.5 + cut.completionTokens! * 1.5) / 10));
  });

  it("answers zeros, every day of the range listed, for a course nobody asked about", async () => {
    const { courseId } = await courseOfOwner();
    const from = "2026-03-01T00:00:00.000Z";
    const to = "2026-03-04T00:00:00.000Z";
    const figures = (await usage(cast.owner.accessToken, { courseId, from, to })).data!.courseTutorUsage;
    expect(figures).toMatchObject({ from, to, questions: 0, askers: 0, promptTokens: 0, completionTokens: 0, estimatedCostCents: 0, byModel: [] });
    const zeros = { questions: 0, askers: 0, promptTokens: 0, completionTokens: 0, estimatedCostCents: 0 };
    expect(figures.daily).toEqual(["2026-03-01", "2026-03-02", "2026-03-03"].map((date) => ({ date, ...zeros })));
  });
});

describe("days and range", () => {
  it("puts each answer in its UTC day, lists every day of the range, and leaves out answers outside from..to", async () => {
    const { courseId } = await courseOfOwner();
    const [ada, bob] = [await learnerOf(courseId), await learnerOf(courseId)];
    peer.behave({ kind: "answer", pieces: ["Generics [1]."], usage: { prompt_tokens: 100, completion_tokens: 10 } });
    const answers = [await ask(server, ada, courseId), await ask(server, bob, courseId), await ask(server, ada, courseId), await ask(server, bob, courseId)];
    // Day 1 (two learners, one answer a second before midnight), day 3 (one), and one just outside the range.
    await answeredAt(answers[0].id, new Date("2026-05-10T08:00:00.000Z"));
    await answeredAt(answers[1].id, new Date("2026-05-10T23:59:59.999Z"));
    await answeredAt(answers[2].id, new Date("2026-05-12T00:00:00.000Z"));
    await answeredAt(answers[3].id, new Date("2026-05-13T00:00:00.000Z"));

    const result = await usage(cast.owner.accessToken, { courseId, from: "2026-05-10T00:00:00Z", to: "2026-05-13T00:00:00Z" });
    expect(result.errors).toBeUndefined();
    const figures = result.data!.courseTutorUsage;
    // (100 × 0.5 + 10 × 1.5) / 1000 = 0.065 USD an answer: 6.5 cents.
    expect(figures).toMatchObject({ questions: 3, askers: 2, promptTokens: 300, completionTokens: 30, estimatedCostCents: 20 });
    expect(figures.daily).toEqual([
      { date: "2026-05-10", questions: 2, askers: 2, promptTokens: 200, completionTokens: 20, estimatedCostCents: 13 },
      { date: "2026-05-11", questions: 0, askers: 0, promptTokens: 0, completionTokens: 0, estimatedCostCents: 0 },
      { date: "2026-05-12", questions: 1, askers: 1, promptTokens: 100, completionTokens: 10, estimatedCostCents: 7 },
    ]);
  });

  it("covers the last 30 days by default, up to now, from their first UTC day", async () => {
    const { courseId } = await courseOfOwner();
    const learner = await learnerOf(courseId);
    const [recent, old] = [await ask(offline, learner, courseId), await ask(offline, learner, courseId)];
    const before = Date.now();
    await answeredAt(recent.id, new Date(before - 29 * DAY_MS));
    await answeredAt(old.id, new Date(before - 31 * DAY_MS));
    const figures = (await usage(cast.owner.accessToken, { courseId })).data!.courseTutorUsage;
    const [from, to] = [Date.parse(figures.from), Date.parse(figures.to)];
    expect(to).toBeGreaterThanOrEqual(before);
    expect(to - from).toBe(30 * DAY_MS);
    expect(figures.questions).toBe(1);
    expect(figures.daily[0].date).toBe(utcDay(new Date(from)));
    expect(figures.daily.at(-1).date).toBe(utcDay(new Date(to)));
    expect(figures.daily.find((day: { questions: number }) => day.questions === 1).date).toBe(utcDay(new Date(before - 29 * DAY_MS)));
  });

  it.each([
    ["from after to", { from: "2026-02-02T00:00:00Z", to: "2026-02-01T00:00:00Z" }, "must not be after to"],
    ["a range over 366 days", { from: "2025-01-01T00:00:00Z", to: "2026-01-03T00:00:00Z" }, "must be at most 366 days before to"],
    ["from in the future without to", { from: new Date(Date.now() + DAY_MS).toISOString() }, "must not be after to"],
  ])("refuses %s, naming from (BAD_USER_INPUT)", async (_name, range, message) => {
    const { courseId } = await courseOfOwner();
    const result = await usage(cast.owner.accessToken, { courseId, ...range });
    expectError(result, "BAD_USER_INPUT");
    expect(result.errors![0].extensions.fields).toEqual({ from: message });
    expect(result.data).toBeNull();
  });

  it("takes exactly 366 days", async () => {
    const { courseId } = await courseOfOwner();
    const result = await usage(cast.owner.accessToken, { courseId, from: "2025-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z" });
    expect(result.errors).toBeUndefined();
    expect(result.data!.courseTutorUsage.daily).toHaveLength(366);
  });
});

describe("who may see it", () => {
  let courseId: string;
  beforeAll(async () => {
    ({ courseId } = await courseOfOwner());
    await enrollAs(server, cast.student.accessToken, courseId);
    peer.behave({ kind: "answer", pieces: ["Generics [1]."], usage: { prompt_tokens: 999, completion_tokens: 99 } });
    await ask(server, cast.student, courseId);
  });

  it("answers the owner and admins the same figures", async () => {
    const range = { courseId, from: new Date(Date.now() - DAY_MS).toISOString(), to: new Date(Date.now() + DAY_MS).toISOString() };
    const [owner, admin] = [await usage(cast.owner.accessToken, range), await usage(cast.admin.accessToken, range)];
    expect(owner.data!.courseTutorUsage).toMatchObject({ questions: 1, promptTokens: 999 });
    expect(admin.data).toEqual(owner.data);
  });

  it("refuses the enrolled learner, the co-instructor and another instructor (FORBIDDEN), showing nothing", async () => {
    for (const account of [cast.student, cast.coInstructor, cast.otherInstructor]) {
      const result = await usage(account.accessToken, { courseId });
      expectError(result, "FORBIDDEN", "NOT_COURSE_OWNER");
      expect(result.data).toBeNull();
      expect(JSON.stringify(result.errors)).not.toMatch(/999|peer-model/);
    }
  });

  it("refuses before looking at the range: a stranger's bad range is still FORBIDDEN", async () => {
    const result = await usage(cast.otherStudent.accessToken, { courseId, from: "2026-02-02T00:00:00Z", to: "2026-02-01T00:00:00Z" });
    expectError(result, "FORBIDDEN", "NOT_COURSE_OWNER");
  });

  it("hides a draft course from people outside its team (NOT_FOUND), and refuses anonymous visitors", async () => {
    const draft = await createCourse(server, cast.owner.accessToken);
    expectError(await usage(cast.otherStudent.accessToken, { courseId: draft.id }), "NOT_FOUND");
    expectError(await usage(undefined, { courseId }), "UNAUTHENTICATED");
  });

  it("writes nothing, answered or refused", async () => {
    const before = await databaseState(server);
    await usage(cast.owner.accessToken, { courseId });
    await usage(cast.student.accessToken, { courseId });
    expect(await databaseState(server)).toEqual(before);
  });
});

it("sends a fixed few statements, however many answers and days there are", async () => {
  const quiet = await courseOfOwner();
  const busy = await courseOfOwner();
  const learner = await learnerOf(busy.courseId);
  peer.behave({ kind: "answer", pieces: ["Generics [1]."] });
  const answers = [];
  for (let index = 0; index < 6; index += 1) answers.push(await ask(server, learner, busy.courseId));
  await Promise.all(answers.map((answer, index) => answeredAt(answer.id, new Date(Date.now() - index * 2 * DAY_MS))));
  const statementsFor = (courseId: string) => server.countQueries(() => usage(cast.owner.accessToken, { courseId }));
  const [forQuiet, forBusy] = [await statementsFor(quiet.courseId), await statementsFor(busy.courseId)];
  expect(forBusy).toBe(forQuiet);
  // The viewer, the course, the aggregate.
  expect(forBusy).toBeLessThanOrEqual(3);
});
