// A course with a quiz its team made required is completed, with its certificate, only once the
// learner watched every video and passed that quiz, whichever comes last, or the quiz stopped being
// required; course progress counts the required quizzes; the team's previews and quizzes not
// required count for nothing.
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { signUp, signUpCast, type Cast, type TestAccount } from "../identity/identity.fixtures.ts";
import { enrollAs, record, viewerCertificate } from "../learning/learning.fixtures.ts";
import { answersTo, COURSE_QUIZZES, courseWithSection, createQuizAs, DELETE_QUIZ, startAttemptAs, submitAs, UPDATE_QUIZ } from "./assessment.fixtures.ts";

let server: TestServer;
let cast: Cast;

beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
});
afterAll(() => server.close());

/** A course of one 4-second video with a required quiz (and one not required), a learner enrolled. */
async function arrange() {
  const course = await courseWithSection(server, cast.owner.accessToken);
  const required = await createQuizAs(server, cast.owner.accessToken, { sectionId: course.sectionId, requiredForCompletion: true, passPercent: 100 });
  await createQuizAs(server, cast.owner.accessToken, { sectionId: course.sectionId, title: "Practice" });
  const learner = await signUp(server);
  await enrollAs(server, learner.accessToken, course.courseId);
  return { course, required, learner };
}

const progressOf = async (learner: TestAccount, courseId: string) =>
  (await server.graphql(COURSE_QUIZZES, { courseId }, { token: learner.accessToken })).data!.course.viewerProgress;

async function takeQuiz(learner: TestAccount, quiz: { id: string; questions: any[] }, right: boolean) {
  const attempt = await startAttemptAs(server, learner.accessToken, quiz.id);
  const result = await submitAs(server, learner.accessToken, attempt.id, answersTo(quiz.questions, right));
  expect(result.errors).toBeUndefined();
  return result.data!.submitQuizAttempt;
}

async function certificateOf(learner: TestAccount, courseId: string) {
  let certificate: Record<string, any> | null = null;
  await waitUntil("the certificate", async () => (certificate = await viewerCertificate(server, learner.accessToken, courseId)) !== null);
  return certificate!;
}

it("completes on passing the required quiz when the video was watched first", async () => {
  const { course, required, learner } = await arrange();
  await record(server, learner.accessToken, { videoId: course.videoIds[0], watchedRanges: [[0, 4]] });
  expect(await progressOf(learner, course.courseId)).toMatchObject({ completed: false, requirements: 1, requirementsMet: 0, percent: 50 });

  expect(await takeQuiz(learner, required, false)).toMatchObject({ passed: false });
  expect(await progressOf(learner, course.courseId)).toMatchObject({ completed: false, requirementsMet: 0 });

  const passed = await takeQuiz(learner, required, true);
  expect(passed.passed).toBe(true);
  const progress = await progressOf(learner, course.courseId);
  expect(progress).toMatchObject({ completed: true, requirements: 1, requirementsMet: 1, percent: 100 });
  // Dated by what came last: the passing submission.
  expect(progress.completedAt).toBe(passed.submittedAt);
  expect(await certificateOf(learner, course.courseId)).toMatchObject({ status: "VALID" });
});

it("completes on watching the last video when the required quiz was passed first", async () => {
  const { course, required, learner } = await arrange();
  await takeQuiz(learner, required, true);
  expect(await progressOf(learner, course.courseId)).toMatchObject({ completed: false, requirements: 1, requirementsMet: 1, percent: 50 });
  expect(await viewerCertificate(server, learner.accessToken, course.courseId)).toBeNull();

  await record(server, learner.accessToken, { videoId: course.videoIds[0], watchedRanges: [[0, 4]] });
  expect(await progressOf(learner, course.courseId)).toMatchObject({ completed: true, percent: 100 });
  expect(await certificateOf(learner, course.courseId)).toMatchObject({ status: "VALID" });
});

it("does not complete on the team's preview of a required quiz, nor without it", async () => {
  const { course, required, learner } = await arrange();
  await record(server, learner.accessToken, { videoId: course.videoIds[0], watchedRanges: [[0, 4]] });
  // The owner previews it: passing counts for them and for nobody else.
  await takeQuiz(cast.owner, required, true);
  expect(await progressOf(learner, course.courseId)).toMatchObject({ completed: false, requirementsMet: 0 });
});

it("completes the learners who had nothing else left when a required quiz is no longer required, or deleted", async () => {
  const { course, required, learner } = await arrange();
  await record(server, learner.accessToken, { videoId: course.videoIds[0], watchedRanges: [[0, 4]] });
  const other = await createQuizAs(server, cast.owner.accessToken, { sectionId: course.sectionId, requiredForCompletion: true });
  const relaxed = await server.graphql(UPDATE_QUIZ, { input: { id: required.id, title: required.title, passPercent: 100, requiredForCompletion: false } }, { token: cast.owner.accessToken });
  expect(relaxed.errors).toBeUndefined();
  // One required quiz is still left: nothing completes.
  await waitUntil("the requirement's event is settled", async () => {
    const [{ unsettled }] = await server.db.$queryRaw<{ unsettled: number }[]>`SELECT count(*)::int AS unsettled FROM domain_events WHERE settled_at IS NULL`;
    return unsettled === 0;
  });
  expect(await progressOf(learner, course.courseId)).toMatchObject({ completed: false, requirements: 1, requirementsMet: 0 });

  expect((await server.graphql(DELETE_QUIZ, { id: other.id }, { token: cast.owner.accessToken })).data!.deleteQuiz).toBe(true);
  expect(await certificateOf(learner, course.courseId)).toMatchObject({ status: "VALID" });
  expect(await progressOf(learner, course.courseId)).toMatchObject({ completed: true, requirements: 0, percent: 100 });
});
