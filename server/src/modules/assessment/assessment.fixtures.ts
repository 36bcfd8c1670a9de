// The assessment module's factories for tests: its operations, a course with a section and a
// quiz made through the API, and the right (or wrong) answers to that quiz.
import type { TestServer } from "../../../test/support/test-server.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { toGlobalId } from "../../platform/ids.ts";
import { createCourse, publishCourse } from "../catalog/catalog.fixtures.ts";
import { addReadyVideo, addSection } from "../media/media.fixtures.ts";

export const QUIZ_FIELDS = /* GraphQL */ `id title position passPercent attemptLimit requiredForCompletion questionsLocked`;
const KEY_FIELDS = /* GraphQL */ `
  questions { id kind prompt position explanation numericAnswer numericTolerance coveredMoments { videoId seconds } choices { id text correct explanation } }
`;
export const ATTEMPT_FIELDS = /* GraphQL */ `
  id number preview startedAt expiresAt submittedAt scorePercent passed
  results { questionId correct chosenChoiceIds numericAnswer explanation chosenChoices { choiceId text correct explanation } }
`;
export const CREATE_QUIZ = /* GraphQL */ `mutation ($input: CreateQuizInput!) { createQuiz(input: $input) { ${QUIZ_FIELDS} ${KEY_FIELDS} } }`;
export const UPDATE_QUIZ = /* GraphQL */ `mutation ($input: UpdateQuizInput!) { updateQuiz(input: $input) { ${QUIZ_FIELDS} ${KEY_FIELDS} } }`;
export const DELETE_QUIZ = /* GraphQL */ `mutation ($id: ID!) { deleteQuiz(id: $id) }`;
export const START_ATTEMPT = /* GraphQL */ `mutation ($quizId: ID!) { startQuizAttempt(quizId: $quizId) { ${ATTEMPT_FIELDS} } }`;
export const SUBMIT_ATTEMPT = /* GraphQL */ `mutation ($input: SubmitQuizAttemptInput!) { submitQuizAttempt(input: $input) { ${ATTEMPT_FIELDS} quiz { id viewerPassed viewerAttemptsLeft } } }`;
/** A course's sections with their quizzes as the viewer sees them, answer key fields included. */
export const COURSE_QUIZZES = /* GraphQL */ `
  query ($courseId: ID!) {
    course(id: $courseId) {
      id
      viewerProgress { completed completedAt requirements requirementsMet percent }
      sections { id quizzes { ${QUIZ_FIELDS} viewerPassed viewerAttemptsLeft viewerOpenAttempt { id } viewerAttempts { id number passed } ${KEY_FIELDS} } }
    }
  }
`;

/** Three questions, one of each kind but TRUE_FALSE, whose right answers `rightAnswers` gives. */
export function sampleQuestions(videoId?: string) {
  return [
    {
      kind: "SINGLE_CHOICE",
      prompt: "Which keyword declares a constant?",
      explanation: "Constants cannot be reassigned.",
      choices: [
        { text: "const", correct: true, explanation: "Right: const binds once." },
        { text: "let", correct: false, explanation: "let may be reassigned." },
        { text: "var", correct: false, explanation: "var is function-scoped and reassignable." },
      ],
      coveredMoments: videoId ? [{ videoId, seconds: 2 }] : [],
    },
    {
      kind: "MULTIPLE_CHOICE",
      prompt: "Which are primitive types?",
      choices: [
        { text: "string", correct: true, explanation: "A primitive." },
        { text: "number", correct: true, explanation: "A primitive." },
        { text: "Array", correct: false, explanation: "An object." },
      ],
    },
    { kind: "NUMERIC", prompt: "How much is 0.1 + 0.2, to one decimal?", explanation: "About 0.3.", numericAnswer: 0.3, numericTolerance: 0.05 },
  ];
}

/** A published course of the owner with one section holding one READY 4-second video; answers their global ids. */
export async function courseWithSection(server: TestServer, ownerToken: string) {
  const course = await createCourse(server, ownerToken);
  const section = await addSection(server, course.id);
  const video = await addReadyVideo(server, course.id, {
    sectionId: section.id,
    durationSeconds: 4,
    exactDurationSeconds: 4,
    fileKey: "videos/fixture-quiz.mp4",
    mimeType: "video/mp4",
  });
  await publishCourse(server, ownerToken, course.id);
  return { courseId: course.id as string, videoIds: [toGlobalId("Video", video.id)], sectionId: toGlobalId("Section", section.id) };
}

export async function createQuizAs(server: TestServer, token: string, input: Record<string, unknown>) {
  const result = await server.graphql(CREATE_QUIZ, { input: { title: "Check yourself", passPercent: 60, questions: sampleQuestions(), ...input } }, { token });
  if (!result.data?.createQuiz) throw new Error(`createQuiz failed: ${JSON.stringify(result.errors)}`);
  return result.data.createQuiz as Record<string, any> & { id: string; questions: any[] };
}

export async function startAttemptAs(server: TestServer, token: string, quizId: string) {
  const result = await server.graphql(START_ATTEMPT, { quizId }, { token });
  if (!result.data?.startQuizAttempt) throw new Error(`startQuizAttempt failed: ${JSON.stringify(result.errors)}`);
  return result.data.startQuizAttempt as Record<string, any> & { id: string };
}

/** Answers to `questions` (as the team reads them, with the key): all right, or each wrong. */
export function answersTo(questions: any[], right: boolean) {
  return questions.map((question) => {
    if (question.kind === "NUMERIC") return { questionId: question.id, numericAnswer: right ? question.numericAnswer : question.numericAnswer + 1 };
    const picked = question.choices.filter((choice: any) => choice.correct === right).slice(0, question.kind === "MULTIPLE_CHOICE" ? undefined : 1);
    return { questionId: question.id, choiceIds: picked.map((choice: any) => choice.id) };
  });
}

export function submitAs(server: TestServer, token: string, attemptId: string, answers: unknown[]) {
  return server.graphql(SUBMIT_ATTEMPT, { input: { attemptId, answers } }, { token });
}

/** Moves an open attempt's end into the past, as if its time ran out. */
export async function expireAttempt(server: TestServer, attemptId: string): Promise<void> {
  await server.db.quizAttempt.update({ where: { id: databaseId(attemptId) }, data: { expiresAt: new Date(Date.now() - 1000) } });
}
