// Taking a quiz: starting an attempt (or going back to the open one) within the quiz's limit,
// submitting it once, graded on the server; what the taker is shown of it; and, when a learner
// passes a required quiz, asking learning whether their course is now complete.
import type { Context } from "../../platform/context.ts";
import { badInput, conflict, forbidden, notFound } from "../../platform/errors.ts";
import { parseId, toGlobalId } from "../../platform/ids.ts";
import { authorize } from "../../platform/policy.ts";
import { courseById, isCourseEditor, type CourseRow } from "../catalog/index.ts";
import { recheckCourseCompletion } from "../learning/index.ts";
import { quizAttemptSubmitted } from "./assessment.events.ts";
import { grade, readAnswers, type GradedAnswer } from "./quiz-grading.ts";
import { attemptById, questionsByQuiz, viewerAttemptsByQuiz, type AttemptRow, type QuizRow } from "./quiz.loaders.ts";
import { isLearner, quizPolicy } from "./quiz.policy.ts";
import { getQuizAndCourse } from "./quiz.service.ts";
import type { SubmitQuizAttemptInput } from "./quiz.type.ts";

/** How long an attempt stays open once started. */
export const ATTEMPT_MINUTES = 120;

const isOpen = (attempt: AttemptRow, now = new Date()) => attempt.submittedAt === null && attempt.expiresAt > now;

/** A team member previews (counted for nothing); anyone else who may take the quiz is a learner. */
async function takesAsPreview(context: Context, course: CourseRow): Promise<boolean> {
  await authorize(context, quizPolicy.take, course);
  return isCourseEditor(context, course);
}

/**
 * The viewer's open attempt at the quiz, else a new one when their limit allows. The quiz's row
 * is locked (shared: the team's edit of its questions waits) and the learner's attempts at it are
 * serialized by an advisory lock, so concurrent starts make one attempt, never one past the limit;
 * the unique (quiz, person, preview, number) key would refuse a second of the same number anyway.
 */
export async function startAttempt(context: Context, quizGlobalId: string): Promise<AttemptRow> {
  const { quiz, course } = await getQuizAndCourse(context, parseId(quizGlobalId, "Quiz", "quizId"));
  const preview = await takesAsPreview(context, course);
  const userId = context.viewer!.userId;
  const attempt = await context.db.$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<{ attemptLimit: number | null }[]>`
        SELECT attempt_limit AS "attemptLimit" FROM quizzes WHERE id = ${quiz.id}::uuid FOR SHARE`;
      if (!locked) throw notFound("Quiz");
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('quiz-attempts'), hashtext(${`${quiz.id}:${userId}`}))`;
      const taken = await tx.quizAttempt.findMany({ where: { quizId: quiz.id, userId, preview }, orderBy: { number: "desc" } });
      const open = taken.find((attempt) => isOpen(attempt));
      if (open) return open;
      if (!preview && locked.attemptLimit !== null && taken.length >= locked.attemptLimit) {
        throw forbidden(`You have used all ${locked.attemptLimit} of your attempts at this quiz.`, { reason: "QUIZ_ATTEMPTS_USED_UP" });
      }
      return tx.quizAttempt.create({
        data: { quizId: quiz.id, courseId: quiz.courseId, userId, preview, number: (taken[0]?.number ?? 0) + 1, expiresAt: new Date(Date.now() + ATTEMPT_MINUTES * 60_000) },
      });
  });
  context.loader(viewerAttemptsByQuiz).clear(quiz.id);
  return attempt;
}

/** The viewer's own attempt; anyone else's is NOT_FOUND, as if it did not exist. */
export async function findOwnAttempt(context: Context, id: string): Promise<AttemptRow | null> {
  const attempt = await context.loader(attemptById).load(id);
  return attempt && context.viewer?.userId === attempt.userId ? attempt : null;
}

/**
 * Grades the answers and records them, once: of two submissions of one attempt (two tabs), the
 * first wins and the second is refused, with nothing written. A learner's passing a quiz that
 * completion requires then asks learning to complete their course, after this commit.
 */
export async function submitAttempt(context: Context, input: SubmitQuizAttemptInput): Promise<AttemptRow> {
  const attempt = await findOwnAttempt(context, parseId(input.attemptId, "QuizAttempt", "attemptId"));
  if (!attempt) throw notFound("Quiz attempt");
  const { quiz, course } = await getQuizAndCourse(context, attempt.quizId);
  // A learner whose enrollment ended since they started no longer takes the course's quizzes.
  if ((await takesAsPreview(context, course)) !== attempt.preview) throw forbidden("You can no longer take this quiz.", { reason: "QUIZ_NOT_COURSE_LEARNER" });
  if (attempt.submittedAt) throw alreadySubmitted();
  if (!isOpen(attempt)) throw expired();
  const questions = await context.loader(questionsByQuiz).load(quiz.id);
  const { problems, byQuestion } = readAnswers(input.answers, questions);
  if (Object.keys(problems).length > 0) throw badInput(problems);
  const graded = grade(questions, byQuestion, quiz.passPercent);
  const submitted = await context.db.$transaction(async (tx) => {
    const [row] = await tx.quizAttempt.updateManyAndReturn({
      where: { id: attempt.id, submittedAt: null },
      data: { submittedAt: new Date(), scorePercent: graded.scorePercent, passed: graded.passed, answers: graded.answers as object[] },
    });
    if (!row) throw alreadySubmitted();
    if (row.submittedAt! > row.expiresAt) throw expired();
    if (!row.preview) {
      await quizAttemptSubmitted(tx, {
        attemptId: row.id,
        quizId: quiz.id,
        courseId: quiz.courseId,
        userId: row.userId,
        number: row.number,
        scorePercent: graded.scorePercent,
        passed: graded.passed,
        requiredForCompletion: quiz.requiredForCompletion,
        submittedAt: row.submittedAt!.toISOString(),
        questions: questions.map((question, index) => ({
          questionId: question.id,
          correct: graded.answers[index].correct,
          coveredMoments: question.coveredMoments as { videoId: string; seconds: number }[],
        })),
      });
    }
    return row;
  });
  context.loader(attemptById).clear(attempt.id).prime(attempt.id, submitted);
  context.loader(viewerAttemptsByQuiz).clear(quiz.id);
  if (submitted.passed && !submitted.preview && quiz.requiredForCompletion) {
    await recheckCourseCompletion(context, { userId: submitted.userId, courseId: quiz.courseId });
  }
  return submitted;
}

const alreadySubmitted = () => conflict("This attempt was already submitted. Its result is on the quiz's page.", { reason: "QUIZ_ATTEMPT_SUBMITTED" });
const expired = () => conflict(`This attempt's ${ATTEMPT_MINUTES} minutes ran out before it was submitted. Start a new attempt.`, { reason: "QUIZ_ATTEMPT_EXPIRED" });

export interface QuestionResultView {
  questionId: string;
  correct: boolean;
  chosenChoiceIds: string[];
  numericAnswer: number | null;
  explanation: string;
  chosenChoices: { choiceId: string; text: string; correct: boolean; explanation: string }[];
}

/** A submitted attempt's results, question by question, for its taker; null before it is submitted. */
export async function resultsOf(context: Context, attempt: AttemptRow): Promise<QuestionResultView[] | null> {
  if (!attempt.submittedAt || context.viewer?.userId !== attempt.userId) return null;
  const questions = await context.loader(questionsByQuiz).load(attempt.quizId);
  const answers = new Map(((attempt.answers ?? []) as unknown as GradedAnswer[]).map((answer) => [answer.questionId, answer]));
  return questions.flatMap((question) => {
    const answer = answers.get(question.id);
    if (!answer) return [];
    return [{
      questionId: toGlobalId("QuizQuestion", question.id),
      correct: answer.correct,
      chosenChoiceIds: answer.choiceIds.map((id) => toGlobalId("QuizChoice", id)),
      numericAnswer: answer.numericAnswer,
      explanation: question.explanation,
      chosenChoices: question.choices
        .filter((choice) => answer.choiceIds.includes(choice.id))
        .map((choice) => ({ choiceId: toGlobalId("QuizChoice", choice.id), text: choice.text, correct: choice.correct, explanation: choice.explanation })),
    }];
  });
}

/** The viewer's attempts at the quiz; empty for a partner's key (results are their person's own). */
export async function viewerAttempts(context: Context, quiz: QuizRow): Promise<AttemptRow[]> {
  if (!context.viewer || context.viewer.apiKey) return [];
  return context.loader(viewerAttemptsByQuiz).load(quiz.id);
}

/** Attempts the viewer has left at the quiz: null when unlimited, or when they may not take it. */
export async function viewerAttemptsLeft(context: Context, quiz: QuizRow): Promise<number | null> {
  if (quiz.attemptLimit === null || !context.viewer || context.viewer.apiKey) return null;
  const course = await context.loader(courseById).load(quiz.courseId);
  if (!course || !(await isLearner(context, course))) return null;
  const used = (await viewerAttempts(context, quiz)).filter((attempt) => !attempt.preview).length;
  return Math.max(0, quiz.attemptLimit - used);
}

export async function viewerPassed(context: Context, quiz: QuizRow): Promise<boolean> {
  return (await viewerAttempts(context, quiz)).some((attempt) => !attempt.preview && attempt.passed === true);
}

export async function viewerOpenAttempt(context: Context, quiz: QuizRow): Promise<AttemptRow | null> {
  const now = new Date();
  return (await viewerAttempts(context, quiz)).find((attempt) => isOpen(attempt, now)) ?? null;
}

export async function quizOfAttempt(context: Context, attempt: AttemptRow): Promise<QuizRow> {
  return (await getQuizAndCourse(context, attempt.quizId)).quiz;
}
