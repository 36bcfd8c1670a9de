// Quizzes through the public API: written by the course's team (bad input refused naming its
// field, nothing written; questions locked once learners attempted), taken by enrolled learners
// with the answer key never reaching them before they submit, graded on the server, retaken within
// the limit (concurrent starts and submissions included), previewed by the team for nothing; the
// submitted event carries what analytics needs; no N+1 in a course's quizzes.
import { refusedWithoutWriting } from "../../../test/support/database-state.ts";
import { expectError } from "../../../test/support/errors.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { toGlobalId } from "../../platform/ids.ts";
import { addCoInstructor } from "../catalog/catalog.fixtures.ts";
import { signUp, signUpCast, type Cast, type TestAccount } from "../identity/identity.fixtures.ts";
import { enrollAs } from "../learning/learning.fixtures.ts";
import {
  answersTo,
  COURSE_QUIZZES,
  CREATE_QUIZ,
  courseWithSection,
  createQuizAs,
  DELETE_QUIZ,
  expireAttempt,
  sampleQuestions,
  START_ATTEMPT,
  startAttemptAs,
  submitAs,
  UPDATE_QUIZ,
} from "./assessment.fixtures.ts";
import { openQuizOf } from "./index.ts";

let server: TestServer;
let cast: Cast;
let course: Awaited<ReturnType<typeof courseWithSection>>;

beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
  course = await courseWithSection(server, cast.owner.accessToken);
  await addCoInstructor(server, cast.owner.accessToken, course.courseId, cast.coInstructor.id);
  await enrollAs(server, cast.student.accessToken, course.courseId);
});
afterAll(() => server.close());

async function newLearner(): Promise<TestAccount> {
  const learner = await signUp(server);
  await enrollAs(server, learner.accessToken, course.courseId);
  return learner;
}


const quizzesAs = async (token: string | undefined) =>
  (await server.graphql(COURSE_QUIZZES, { courseId: course.courseId }, { token })).data!.course;
const quizAs = async (token: string | undefined, quizId: string) =>
  (await quizzesAs(token)).sections.flatMap((section: any) => section.quizzes).find((quiz: any) => quiz.id === quizId);

describe("writing quizzes", () => {
  it("lets the owner, a co-instructor and an admin create quizzes, placed in order, with the answer key shown to them", async () => {
    const first = await createQuizAs(server, cast.owner.accessToken, { sectionId: course.sectionId, questions: sampleQuestions(course.videoIds[0]) });
    const second = await createQuizAs(server, cast.coInstructor.accessToken, { sectionId: course.sectionId, title: "  Second  ", attemptLimit: 2 });
    const third = await createQuizAs(server, cast.admin.accessToken, { sectionId: course.sectionId });
    expect([first.position, second.position, third.position]).toEqual([0, 1, 2]);
    expect(second).toMatchObject({ title: "Second", attemptLimit: 2, passPercent: 60, requiredForCompletion: false });
    expect(first.questions[0]).toMatchObject({
      kind: "SINGLE_CHOICE",
      explanation: "Constants cannot be reassigned.",
      coveredMoments: [{ videoId: course.videoIds[0], seconds: 2 }],
      choices: [{ text: "const", correct: true, explanation: "Right: const binds once." }, { correct: false }, { correct: false }],
    });
    expect(first.questions[2]).toMatchObject({ kind: "NUMERIC", numericAnswer: 0.3, numericTolerance: 0.05, choices: [] });
    const ids = (await quizzesAs(cast.coInstructor.accessToken)).sections[0].quizzes.map((quiz: any) => quiz.id);
    expect(ids).toEqual(expect.arrayContaining([first.id, second.id, third.id]));

    expect((await server.graphql(DELETE_QUIZ, { id: second.id }, { token: cast.owner.accessToken })).data!.deleteQuiz).toBe(true);
    const after = await server.db.quiz.findMany({ where: { sectionId: databaseId(course.sectionId) }, orderBy: { position: "asc" } });
    expect(after.map((quiz) => [toGlobalId("Quiz", quiz.id), quiz.position])).toEqual([[first.id, 0], [third.id, 1]]);
  });

  it("refuses an instructor of another course and a learner, writing nothing", async () => {
    const input = { sectionId: course.sectionId, title: "Not theirs", passPercent: 50, questions: sampleQuestions() };
    expectError(await refusedWithoutWriting(server, () => server.graphql(CREATE_QUIZ, { input }, { token: cast.otherInstructor.accessToken })), "FORBIDDEN", "NOT_COURSE_INSTRUCTOR");
    expectError(await refusedWithoutWriting(server, () => server.graphql(CREATE_QUIZ, { input }, { token: cast.student.accessToken })), "FORBIDDEN");
  });

  it("refuses bad quizzes naming every wrong field, writing nothing", async () => {
    const questions = [
      { kind: "SINGLE_CHOICE", prompt: " ", choices: [{ text: "a", correct: true }, { text: "b", correct: true }] },
      { kind: "MULTIPLE_CHOICE", prompt: "Which?", choices: [{ text: "x".repeat(501), correct: false }, { text: "y", correct: false }] },
      { kind: "TRUE_FALSE", prompt: "True?", choices: [{ text: "True", correct: true }] },
      { kind: "NUMERIC", prompt: "How many?", numericAnswer: 1e300, numericTolerance: -1, choices: [{ text: "no", correct: true }] },
      { kind: "SINGLE_CHOICE", prompt: "Where?", choices: [{ text: "a", correct: true }, { text: "a", correct: false }], coveredMoments: [{ videoId: toGlobalId("Video", "00000000-0000-4000-8000-000000000000"), seconds: 1 }, { videoId: course.videoIds[0], seconds: 99 }] },
    ];
    const input = { sectionId: course.sectionId, title: "", passPercent: 101, attemptLimit: 0, questions };
    const result = await refusedWithoutWriting(server, () => server.graphql(CREATE_QUIZ, { input }, { token: cast.owner.accessToken }));
    expectError(result, "BAD_USER_INPUT");
    expect(Object.keys(result.errors![0].extensions!.fields).sort()).toEqual(
      [
        "title",
        "passPercent",
        "attemptLimit",
        "questions[0].prompt",
        "questions[0].choices",
        "questions[1].choices",
        "questions[1].choices[0].text",
        "questions[2].choices",
        "questions[3].choices",
        "questions[3].numericAnswer",
        "questions[3].numericTolerance",
        "questions[4].choices[1].text",
        "questions[4].coveredMoments[0].videoId",
        "questions[4].coveredMoments[1].seconds",
      ].sort(),
    );
    const control = { sectionId: course.sectionId, title: "Bell\u0007", passPercent: 50, questions: sampleQuestions() };
    const refused = await refusedWithoutWriting(server, () => server.graphql(CREATE_QUIZ, { input: control }, { token: cast.owner.accessToken }));
    expectError(refused, "BAD_USER_INPUT");
    expect(refused.errors![0].extensions!.fields).toHaveProperty("title");
    const none = { sectionId: course.sectionId, title: "Empty", passPercent: 50, questions: [] };
    expect((await refusedWithoutWriting(server, () => server.graphql(CREATE_QUIZ, { input: none }, { token: cast.owner.accessToken }))).errors![0].extensions!.fields).toEqual({
      questions: "must hold 1 to 50 questions",
    });
  });

  it("changes a quiz's questions only while no learner attempted it; its settings always; the team's previews do not lock it", async () => {
    const quiz = await createQuizAs(server, cast.owner.accessToken, { sectionId: course.sectionId });
    const preview = await startAttemptAs(server, cast.owner.accessToken, quiz.id);
    expect(preview).toMatchObject({ preview: true, number: 1 });
    const changed = await server.graphql(UPDATE_QUIZ, { input: { id: quiz.id, title: "Renamed", passPercent: 80, questions: sampleQuestions().slice(0, 1) } }, { token: cast.owner.accessToken });
    expect(changed.data!.updateQuiz).toMatchObject({ title: "Renamed", passPercent: 80, questionsLocked: false, questions: [{ prompt: "Which keyword declares a constant?" }] });
    expect(await server.db.quizAttempt.count({ where: { quizId: databaseId(quiz.id) } })).toBe(0);

    const learner = await newLearner();
    await startAttemptAs(server, learner.accessToken, quiz.id);
    const locked = await refusedWithoutWriting(server, () =>
      server.graphql(UPDATE_QUIZ, { input: { id: quiz.id, title: "Again", passPercent: 80, questions: sampleQuestions() } }, { token: cast.owner.accessToken }),
    );
    expectError(locked, "CONFLICT", "QUIZ_HAS_ATTEMPTS");
    const settings = await server.graphql(UPDATE_QUIZ, { input: { id: quiz.id, title: "Again", passPercent: 50, attemptLimit: 3, requiredForCompletion: false } }, { token: cast.owner.accessToken });
    expect(settings.data!.updateQuiz).toMatchObject({ title: "Again", passPercent: 50, attemptLimit: 3, questionsLocked: true, questions: [{ prompt: "Which keyword declares a constant?" }] });
    // Told to the team only.
    expect((await quizAs(learner.accessToken, quiz.id)).questionsLocked).toBeNull();
  });

  it("deletes a section's quizzes, and their attempts, with the section", async () => {
    const own = await courseWithSection(server, cast.owner.accessToken);
    const quiz = await createQuizAs(server, cast.owner.accessToken, { sectionId: own.sectionId });
    await startAttemptAs(server, cast.owner.accessToken, quiz.id);
    const deleted = await server.graphql(`mutation ($id: ID!) { deleteSection(id: $id) }`, { id: own.sectionId }, { token: cast.owner.accessToken });
    expect(deleted.data!.deleteSection).toBe(true);
    expect(await server.db.quiz.count({ where: { id: databaseId(quiz.id) } })).toBe(0);
    expect(await server.db.quizAttempt.count({ where: { quizId: databaseId(quiz.id) } })).toBe(0);
  });
});

describe("taking quizzes", () => {
  it("never shows a learner the answer key before or after they submit; shows nothing of the questions to outsiders", async () => {
    const quiz = await createQuizAs(server, cast.owner.accessToken, { sectionId: course.sectionId });
    const learner = await newLearner();
    const seen = await quizAs(learner.accessToken, quiz.id);
    expect(seen.questions).toHaveLength(3);
    for (const question of seen.questions) {
      expect(question).toMatchObject({ explanation: null, numericAnswer: null, numericTolerance: null });
      for (const choice of question.choices) expect(choice).toMatchObject({ correct: null, explanation: null });
    }
    await startAttemptAs(server, learner.accessToken, quiz.id);
    const open = await quizAs(learner.accessToken, quiz.id);
    expect(open.questions.flatMap((question: any) => question.choices.map((choice: any) => choice.correct))).toEqual(Array(6).fill(null));
    expect(open.viewerOpenAttempt).not.toBeNull();

    const outsider = await signUp(server);
    expect((await quizAs(outsider.accessToken, quiz.id)).questions).toBeNull();
    expect((await quizAs(undefined, quiz.id)).questions).toBeNull();
    // The owner's key reads as the owner, of the team.
    expect((await quizAs(cast.keys.readOnlyKey, quiz.id)).questions[0].choices[0].correct).toBe(true);
  });

  it("grades on the server, shows the explanations of what was picked, and allows retakes up to the limit", async () => {
    const quiz = await createQuizAs(server, cast.owner.accessToken, { sectionId: course.sectionId, attemptLimit: 2, passPercent: 100 });
    const learner = await newLearner();
    const first = await startAttemptAs(server, learner.accessToken, quiz.id);
    expect(first).toMatchObject({ number: 1, preview: false, submittedAt: null, scorePercent: null, passed: null, results: null });
    // Starting again while it is open goes back to the same attempt.
    expect((await startAttemptAs(server, learner.accessToken, quiz.id)).id).toBe(first.id);

    const wrong = answersTo(quiz.questions, false);
    const failed = (await submitAs(server, learner.accessToken, first.id, [wrong[0], answersTo(quiz.questions, true)[1]])).data!.submitQuizAttempt;
    expect(failed).toMatchObject({ passed: false, quiz: { viewerPassed: false, viewerAttemptsLeft: 1 } });
    expect(failed.scorePercent).toBeCloseTo(100 / 3);
    expect(failed.results).toEqual([
      {
        questionId: quiz.questions[0].id,
        correct: false,
        chosenChoiceIds: [quiz.questions[0].choices[1].id],
        numericAnswer: null,
        explanation: "Constants cannot be reassigned.",
        chosenChoices: [{ choiceId: quiz.questions[0].choices[1].id, text: "let", correct: false, explanation: "let may be reassigned." }],
      },
      expect.objectContaining({ questionId: quiz.questions[1].id, correct: true, chosenChoiceIds: [quiz.questions[1].choices[0].id, quiz.questions[1].choices[1].id] }),
      // Left unanswered: wrong, with the question's explanation.
      { questionId: quiz.questions[2].id, correct: false, chosenChoiceIds: [], numericAnswer: null, explanation: "About 0.3.", chosenChoices: [] },
    ]);

    const second = await startAttemptAs(server, learner.accessToken, quiz.id);
    expect(second.number).toBe(2);
    const passed = (await submitAs(server, learner.accessToken, second.id, answersTo(quiz.questions, true))).data!.submitQuizAttempt;
    expect(passed).toMatchObject({ passed: true, scorePercent: 100, quiz: { viewerPassed: true, viewerAttemptsLeft: 0 } });
    expect(passed.results.map((result: any) => result.correct)).toEqual([true, true, true]);

    expectError(await refusedWithoutWriting(server, () => server.graphql(START_ATTEMPT, { quizId: quiz.id }, { token: learner.accessToken })), "FORBIDDEN", "QUIZ_ATTEMPTS_USED_UP");
    expectError(await refusedWithoutWriting(server, () => submitAs(server, learner.accessToken, second.id, [])), "CONFLICT", "QUIZ_ATTEMPT_SUBMITTED");

    const [event] = await server.db.$queryRaw<{ payload: any }[]>`
      SELECT payload FROM domain_events WHERE name = 'assessment.quizAttemptSubmitted' AND payload->>'attemptId' = ${databaseId(first.id)} `;
    expect(event.payload).toMatchObject({
      quizId: databaseId(quiz.id),
      userId: databaseId(learner.id),
      passed: false,
      questions: [
        { questionId: databaseId(quiz.questions[0].id), correct: false, coveredMoments: [] },
        { correct: true },
        { correct: false },
      ],
    });
  });

  it("refuses bad answers naming the argument, writing nothing", async () => {
    const quiz = await createQuizAs(server, cast.owner.accessToken, { sectionId: course.sectionId });
    const other = await createQuizAs(server, cast.owner.accessToken, { sectionId: course.sectionId });
    const learner = await newLearner();
    const attempt = await startAttemptAs(server, learner.accessToken, quiz.id);
    const [single, multiple, numeric] = quiz.questions;
    const cases: [unknown[], string][] = [
      [[{ questionId: other.questions[0].id, choiceIds: [other.questions[0].choices[0].id] }], "answers[0].questionId"],
      [[{ questionId: single.id, choiceIds: [multiple.choices[0].id] }], "answers[0].choiceIds"],
      [[{ questionId: single.id, choiceIds: [single.choices[0].id, single.choices[1].id] }], "answers[0].choiceIds"],
      [[{ questionId: multiple.id, choiceIds: [multiple.choices[0].id, multiple.choices[0].id] }], "answers[0].choiceIds"],
      [[{ questionId: single.id, choiceIds: ["not-an-id"] }], "answers[0].choiceIds"],
      [[{ questionId: numeric.id, numericAnswer: 1e300 }], "answers[0].numericAnswer"],
      [[{ questionId: single.id, numericAnswer: 1 }], "answers[0].numericAnswer"],
      [[{ questionId: single.id, choiceIds: [single.choices[0].id] }, { questionId: single.id, choiceIds: [single.choices[1].id] }], "answers[1].questionId"],
    ];
    for (const [answers, field] of cases) {
      const result = await refusedWithoutWriting(server, () => submitAs(server, learner.accessToken, attempt.id, answers));
      expectError(result, "BAD_USER_INPUT");
      expect(result.errors![0].extensions!.fields).toHaveProperty([field]);
    }
    expectError(await refusedWithoutWriting(server, () => submitAs(server, learner.accessToken, "nonsense", [])), "BAD_USER_INPUT");
    // Someone else's attempt is answered as if it did not exist.
    expectError(await refusedWithoutWriting(server, () => submitAs(server, cast.student.accessToken, attempt.id, [])), "NOT_FOUND");
    // Still open and whole after all that.
    const graded = (await submitAs(server, learner.accessToken, attempt.id, answersTo(quiz.questions, true))).data!.submitQuizAttempt;
    expect(graded.passed).toBe(true);
  });

  it("refuses learners of other courses and expired attempts", async () => {
    const quiz = await createQuizAs(server, cast.owner.accessToken, { sectionId: course.sectionId });
    const outsider = await signUp(server);
    expectError(await refusedWithoutWriting(server, () => server.graphql(START_ATTEMPT, { quizId: quiz.id }, { token: outsider.accessToken })), "FORBIDDEN", "QUIZ_NOT_COURSE_LEARNER");
    expectError(await refusedWithoutWriting(server, () => server.graphql(START_ATTEMPT, { quizId: quiz.id }, { token: cast.otherInstructor.accessToken })), "FORBIDDEN", "QUIZ_NOT_COURSE_LEARNER");
    const learner = await newLearner();
    const attempt = await startAttemptAs(server, learner.accessToken, quiz.id);
    await expireAttempt(server, attempt.id);
    expectError(await refusedWithoutWriting(server, () => submitAs(server, learner.accessToken, attempt.id, [])), "CONFLICT", "QUIZ_ATTEMPT_EXPIRED");
    // An expired attempt used up one try: the next is number 2.
    expect((await startAttemptAs(server, learner.accessToken, quiz.id)).number).toBe(2);
  });

  it("lets the team preview without counting: no limit, no event, not passed", async () => {
    const quiz = await createQuizAs(server, cast.owner.accessToken, { sectionId: course.sectionId, attemptLimit: 1 });
    for (const number of [1, 2]) {
      const attempt = await startAttemptAs(server, cast.coInstructor.accessToken, quiz.id);
      expect(attempt).toMatchObject({ preview: true, number });
      expect((await submitAs(server, cast.coInstructor.accessToken, attempt.id, answersTo(quiz.questions, true))).data!.submitQuizAttempt).toMatchObject({
        passed: true,
        quiz: { viewerPassed: false, viewerAttemptsLeft: null },
      });
    }
    const [{ events }] = await server.db.$queryRaw<{ events: number }[]>`
      SELECT count(*)::int AS events FROM domain_events WHERE name = 'assessment.quizAttemptSubmitted' AND payload->>'quizId' = ${databaseId(quiz.id)}`;
    expect(events).toBe(0);
  });

  it("makes one attempt of concurrent starts, never more than the limit, and grades one of concurrent submissions", async () => {
    const quiz = await createQuizAs(server, cast.owner.accessToken, { sectionId: course.sectionId, attemptLimit: 1 });
    const learner = await newLearner();
    const starts = await Promise.all(Array.from({ length: 6 }, () => server.graphql(START_ATTEMPT, { quizId: quiz.id }, { token: learner.accessToken })));
    expect(starts.map((start) => start.errors)).toEqual(Array(6).fill(undefined));
    expect(new Set(starts.map((start) => start.data!.startQuizAttempt.id)).size).toBe(1);
    const attemptId = starts[0].data!.startQuizAttempt.id;
    const submissions = await Promise.all(Array.from({ length: 6 }, (_, index) => submitAs(server, learner.accessToken, attemptId, answersTo(quiz.questions, index % 2 === 0))));
    const graded = submissions.filter((submission) => !submission.errors);
    expect(graded).toHaveLength(1);
    for (const refused of submissions.filter((submission) => submission.errors)) expectError(refused, "CONFLICT", "QUIZ_ATTEMPT_SUBMITTED");
    const stored = await server.db.quizAttempt.findMany({ where: { quizId: databaseId(quiz.id), userId: databaseId(learner.id) } });
    expect(stored).toHaveLength(1);
    expect(stored[0].passed).toBe(graded[0].data!.submitQuizAttempt.passed);
    const again = await Promise.all(Array.from({ length: 4 }, () => server.graphql(START_ATTEMPT, { quizId: quiz.id }, { token: learner.accessToken })));
    for (const refused of again) expectError(refused, "FORBIDDEN", "QUIZ_ATTEMPTS_USED_UP");
    expect(await server.db.quizAttempt.count({ where: { quizId: databaseId(quiz.id), userId: databaseId(learner.id) } })).toBe(1);
  });

  it("tells the tutor which quiz a learner has open in a course, until they submit it", async () => {
    const quiz = await createQuizAs(server, cast.owner.accessToken, { sectionId: course.sectionId, title: "Open one" });
    const learner = await newLearner();
    const courseId = databaseId(course.courseId);
    expect(await openQuizOf(server, databaseId(learner.id), courseId)).toBeNull();
    const attempt = await startAttemptAs(server, learner.accessToken, quiz.id);
    expect(await openQuizOf(server, databaseId(learner.id), courseId)).toMatchObject({
      title: "Open one",
      questions: [{ prompt: "Which keyword declares a constant?", choices: ["const", "let", "var"] }, { prompt: "Which are primitive types?" }, { choices: [] }],
    });
    await submitAs(server, learner.accessToken, attempt.id, []);
    expect(await openQuizOf(server, databaseId(learner.id), courseId)).toBeNull();
  });
});

describe("listing quizzes", () => {
  it("reads a course's quizzes, questions and the viewer's attempts in as many statements for 6 quizzes as for 2", async () => {
    const owner = await signUp(server, { role: "INSTRUCTOR" });
    const own = await courseWithSection(server, owner.accessToken);
    const learner = await signUp(server);
    await enrollAs(server, learner.accessToken, own.courseId);
    const count = async () =>
      server.countQueries(async () => {
        const result = await server.graphql(COURSE_QUIZZES, { courseId: own.courseId }, { token: learner.accessToken });
        expect(result.errors).toBeUndefined();
      });
    const addQuiz = async () => {
      const quiz = await createQuizAs(server, owner.accessToken, { sectionId: own.sectionId });
      await startAttemptAs(server, learner.accessToken, quiz.id);
    };
    for (let index = 0; index < 2; index++) await addQuiz();
    const two = await count();
    for (let index = 0; index < 4; index++) await addQuiz();
    const six = await count();
    expect(six).toBe(two);
    console.log(`course quizzes statements: ${two} for 2 quizzes, ${six} for 6`);
  });
});
