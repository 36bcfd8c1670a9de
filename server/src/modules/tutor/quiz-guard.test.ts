// The tutor beside an open quiz: the quiz's own questions are declined (FORBIDDEN QUIZ_IN_PROGRESS)
// with nothing reserved or stored, other questions are answered, and once the attempt is submitted
// the same question is answered too.
import { databaseState } from "../../../test/support/database-state.ts";
import { expectError } from "../../../test/support/errors.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { answersTo, createQuizAs, expireAttempt, startAttemptAs, SUBMIT_ATTEMPT } from "../assessment/assessment.fixtures.ts";
import { signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import { enrollAs } from "../learning/learning.fixtures.ts";
import { toGlobalId } from "../../platform/ids.ts";
import { addSection } from "../media/media.fixtures.ts";
import { ASK, courseWithTranscript } from "./tutor.fixtures.ts";

const LINES = [
  "Welcome to the course about typed programming.",
  "The const keyword declares a constant, which cannot be reassigned.",
  "Strings and numbers are primitive types; arrays are objects.",
  "Generics let a function keep the type of its argument.",
];

let server: TestServer;
let cast: Cast;
let course: { courseId: string; videoId: string };
let quiz: { id: string; questions: any[] };
beforeAll(async () => {
  server = await startTestServer({ ...UNTHROTTLED, TUTOR_DAILY_TOKENS: "200000", TUTOR_REQUESTS_PER_MINUTE: "1000" });
  cast = await signUpCast(server);
  course = await courseWithTranscript(server, cast.owner.accessToken, LINES);
  const section = await addSection(server, course.courseId);
  quiz = await createQuizAs(server, cast.owner.accessToken, { sectionId: toGlobalId("Section", section.id), title: "Keywords and types", attemptLimit: null });
  await enrollAs(server, cast.student.accessToken, course.courseId);
});
afterAll(() => server.close());

const ask = (question: string) => server.graphql(ASK, { input: { courseId: course.courseId, question } }, { token: cast.student.accessToken });

describe("while the learner has a quiz of the course open", () => {
  it.each([
    ["the question as the quiz words it", "Which keyword declares a constant?"],
    ["the question reworded around the same words", "hey tutor, which keywords declare constants in this language?"],
    ["its choices pasted", "is it const, let or var?"],
  ])("declines %s, writing nothing and spending nothing", async (_case, question) => {
    const attempt = await startAttemptAs(server, cast.student.accessToken, quiz.id);
    const before = await databaseState(server);
    const refused = await ask(question);
    expectError(refused, "FORBIDDEN", "QUIZ_IN_PROGRESS");
    expect(refused.errors![0].message).toBe(
      'You are taking the quiz "Keywords and types": the tutor does not answer its questions until you submit it. Ask again afterwards, or ask about something else.',
    );
    expect(await databaseState(server)).toEqual(before);
    await server.graphql(SUBMIT_ATTEMPT, { input: { attemptId: attempt.id, answers: answersTo(quiz.questions, true) } }, { token: cast.student.accessToken });
  });

  it("answers a question about something else", async () => {
    const attempt = await startAttemptAs(server, cast.student.accessToken, quiz.id);
    const answered = await ask("What do generics let a function keep?");
    expect(answered.errors).toBeUndefined();
    expect(answered.data!.askTutor.answer.content).toContain("Generics let a function keep the type of its argument.");
    await server.graphql(SUBMIT_ATTEMPT, { input: { attemptId: attempt.id, answers: answersTo(quiz.questions, true) } }, { token: cast.student.accessToken });
  });

  it("answers the quiz's question once the attempt is submitted, or has expired", async () => {
    const attempt = await startAttemptAs(server, cast.student.accessToken, quiz.id);
    expectError(await ask("Which keyword declares a constant?"), "FORBIDDEN", "QUIZ_IN_PROGRESS");
    const submitted = await server.graphql(SUBMIT_ATTEMPT, { input: { attemptId: attempt.id, answers: answersTo(quiz.questions, false) } }, { token: cast.student.accessToken });
    expect(submitted.errors).toBeUndefined();
    expect((await ask("Which keyword declares a constant?")).data!.askTutor.answer.content).toContain("The const keyword declares a constant");

    const expiring = await startAttemptAs(server, cast.student.accessToken, quiz.id);
    expectError(await ask("Which keyword declares a constant?"), "FORBIDDEN", "QUIZ_IN_PROGRESS");
    await expireAttempt(server, expiring.id);
    expect((await ask("Which keyword declares a constant?")).errors).toBeUndefined();
  });

  it("declines only the learner who has the quiz open: another learner's same question is answered", async () => {
    const attempt = await startAttemptAs(server, cast.student.accessToken, quiz.id);
    await enrollAs(server, cast.otherStudent.accessToken, course.courseId);
    const other = await server.graphql(ASK, { input: { courseId: course.courseId, question: "Which keyword declares a constant?" } }, { token: cast.otherStudent.accessToken });
    expect(other.errors).toBeUndefined();
    await server.graphql(SUBMIT_ATTEMPT, { input: { attemptId: attempt.id, answers: answersTo(quiz.questions, true) } }, { token: cast.student.accessToken });
  });
});
