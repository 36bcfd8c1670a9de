// A section's quizzes as its course's team writes them: created at the end of the section,
// changed (settings always; questions only while no learner attempted it, so graded attempts keep
// their meaning), deleted; and what a viewer is shown of their questions.
import type { Context } from "../../platform/context.ts";
import type { Transaction } from "../../platform/db.ts";
import { badInput, conflict, notFound, type FieldErrors } from "../../platform/errors.ts";
import { parseId, toGlobalId } from "../../platform/ids.ts";
import { authorize, may } from "../../platform/policy.ts";
import { courseById, findVisibleCourse, lockCourse, type CourseRow } from "../catalog/index.ts";
import { exactDurationOf, findVisibleSection, sectionIds, videosInPlayingOrder } from "../media/index.ts";
import { completionRequirementsDropped } from "./assessment.events.ts";
import { questionProblems, questionRows, settingsProblems, type CourseVideos } from "./quiz-input.ts";
import { learnersAttemptedQuiz, questionsByQuiz, quizById, quizzesBySection, type QuestionRow, type QuizRow } from "./quiz.loaders.ts";
import { quizPolicy } from "./quiz.policy.ts";
import type { CreateQuizInput, QuizSettingsInput, UpdateQuizInput } from "./quiz.type.ts";

export interface MomentView {
  videoId: string;
  seconds: number;
}

/** A question as the viewer is shown it: the answer key is null unless they are the course's team. */
export interface QuestionView {
  id: string;
  kind: QuestionRow["kind"];
  prompt: string;
  position: number;
  coveredMoments: MomentView[];
  explanation: string | null;
  numericAnswer: number | null;
  numericTolerance: number | null;
  choices: { id: string; text: string; correct: boolean | null; explanation: string | null }[];
}

/** The stored moments, with the videos' global ids. */
export function momentsOf(question: Pick<QuestionRow, "coveredMoments">): MomentView[] {
  return (question.coveredMoments as { videoId: string; seconds: number }[]).map((moment) => ({
    videoId: toGlobalId("Video", moment.videoId),
    seconds: moment.seconds,
  }));
}

/** The quiz when the viewer may see its course; null otherwise, as if it did not exist. */
export async function findVisibleQuiz(context: Context, id: string): Promise<QuizRow | null> {
  const quiz = await context.loader(quizById).load(id);
  return quiz && (await findVisibleCourse(context, quiz.courseId)) ? quiz : null;
}

/** The quiz (a database id) and its course, when the viewer may see them; NOT_FOUND otherwise. */
export async function getQuizAndCourse(context: Context, id: string): Promise<{ quiz: QuizRow; course: CourseRow }> {
  const quiz = await findVisibleQuiz(context, id);
  const course = quiz && (await context.loader(courseById).load(quiz.courseId));
  if (!quiz || !course) throw notFound("Quiz");
  return { quiz, course };
}

async function getAuthoredQuiz(context: Context, globalId: string): Promise<{ quiz: QuizRow; course: CourseRow }> {
  const found = await getQuizAndCourse(context, parseId(globalId, "Quiz", "id"));
  await authorize(context, quizPolicy.author, found.course);
  return found;
}

/** The course's videos a question may cover, with their lengths. */
async function courseVideos(context: Context, courseId: string): Promise<CourseVideos> {
  return new Map((await videosInPlayingOrder(context, courseId)).map((video) => [video.id, exactDurationOf(video)]));
}

function refuseProblems(problems: FieldErrors): void {
  if (Object.keys(problems).length > 0) throw badInput(problems);
}

const settingsOf = (input: QuizSettingsInput) => ({
  title: input.title.trim(),
  passPercent: input.passPercent,
  attemptLimit: input.attemptLimit ?? null,
  requiredForCompletion: input.requiredForCompletion,
});

export async function createQuiz(context: Context, input: CreateQuizInput): Promise<QuizRow> {
  const section = await findVisibleSection(context, parseId(input.sectionId, "Section", "sectionId"));
  const course = section && (await context.loader(courseById).load(section.courseId));
  if (!section || !course) throw notFound("Section");
  await authorize(context, quizPolicy.author, course);
  const problems: FieldErrors = {};
  settingsProblems(input, problems);
  questionProblems(input.questions, await courseVideos(context, course.id), problems);
  refuseProblems(problems);
  const created = await context.db.$transaction(async (tx) => {
    // The course's lock orders creations (positions) and keeps the section from going meanwhile.
    await lockCourse(tx, course.id);
    if (!(await sectionIds(tx, course.id)).includes(section.id)) throw notFound("Section");
    const position = await tx.quiz.count({ where: { sectionId: section.id } });
    return tx.quiz.create({
      data: { courseId: course.id, sectionId: section.id, position, ...settingsOf(input), questions: { create: questionRows(input.questions) } },
    });
  });
  context.loader(quizzesBySection).clear(section.id);
  return created;
}

export async function updateQuiz(context: Context, input: UpdateQuizInput): Promise<QuizRow> {
  const { quiz, course } = await getAuthoredQuiz(context, input.id);
  const problems: FieldErrors = {};
  settingsProblems(input, problems);
  if (input.questions != null) questionProblems(input.questions, await courseVideos(context, course.id), problems);
  refuseProblems(problems);
  const updated = await context.db.$transaction(async (tx) => {
    // Starting an attempt locks the quiz's row too: no learner starts while its questions change.
    const [locked] = await tx.$queryRaw<{ required: boolean }[]>`
      SELECT required_for_completion AS required FROM quizzes WHERE id = ${quiz.id}::uuid FOR UPDATE`;
    if (!locked) throw notFound("Quiz");
    if (input.questions != null) {
      if (await tx.quizAttempt.count({ where: { quizId: quiz.id, preview: false } })) {
        throw conflict("Learners have already attempted this quiz, so its questions can no longer change. You can still change its settings, or add a new quiz.", {
          reason: "QUIZ_HAS_ATTEMPTS",
        });
      }
      // The team's previews were of the old questions.
      await tx.quizAttempt.deleteMany({ where: { quizId: quiz.id } });
      await tx.quizQuestion.deleteMany({ where: { quizId: quiz.id } });
    }
    if (locked.required && !input.requiredForCompletion) await completionRequirementsDropped(tx, quiz.courseId);
    return tx.quiz.update({
      where: { id: quiz.id },
      data: { ...settingsOf(input), ...(input.questions != null ? { questions: { create: questionRows(input.questions) } } : {}) },
    });
  });
  context.loader(quizById).clear(quiz.id).prime(quiz.id, updated);
  context.loader(questionsByQuiz).clear(quiz.id);
  context.loader(quizzesBySection).clear(quiz.sectionId);
  return updated;
}

/** Its attempts go with it; a learner's course completed with its help stays completed. */
export async function deleteQuiz(context: Context, globalId: string): Promise<boolean> {
  const { quiz } = await getAuthoredQuiz(context, globalId);
  await context.db.$transaction(async (tx) => {
    await lockCourse(tx, quiz.courseId);
    const [deleted] = await tx.$queryRaw<{ required: boolean }[]>`
      DELETE FROM quizzes WHERE id = ${quiz.id}::uuid RETURNING required_for_completion AS required`;
    if (!deleted) throw notFound("Quiz");
    if (deleted.required) await completionRequirementsDropped(tx, quiz.courseId);
    await closeGaps(tx, quiz.sectionId);
  });
  context.loader(quizById).clear(quiz.id);
  context.loader(quizzesBySection).clear(quiz.sectionId);
  return true;
}

async function closeGaps(tx: Transaction, sectionId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE quizzes q SET position = ordered.position
    FROM (SELECT id, (row_number() OVER (ORDER BY position, id) - 1)::int AS position FROM quizzes WHERE section_id = ${sectionId}::uuid) ordered
    WHERE q.id = ordered.id AND q.position <> ordered.position`;
}

/** Media's sectionDeletion hook: a deleted section's quizzes go with it, and with them what they required. */
export async function deleteQuizzesOfSection(tx: Transaction, sectionId: string): Promise<void> {
  const deleted = await tx.$queryRaw<{ courseId: string; required: boolean }[]>`
    DELETE FROM quizzes WHERE section_id = ${sectionId}::uuid RETURNING course_id AS "courseId", required_for_completion AS required`;
  const required = deleted.find((quiz) => quiz.required);
  if (required) await completionRequirementsDropped(tx, required.courseId);
}

/** Catalog's courseDeletion hook: a deleted course's quizzes go with it. */
export async function deleteQuizzesOfCourse(tx: Transaction, courseId: string): Promise<void> {
  await tx.quiz.deleteMany({ where: { courseId } });
}

export async function quizzesOfSection(context: Context, section: { id: string }): Promise<QuizRow[]> {
  return context.loader(quizzesBySection).load(section.id);
}

/** The questions of a quiz for whoever may take it; the answer key only for the course's team. Null for anyone else. */
export async function questionsOf(context: Context, quiz: QuizRow): Promise<QuestionView[] | null> {
  const course = await context.loader(courseById).load(quiz.courseId);
  if (!course || !(await may(context, quizPolicy.readQuestions, course))) return null;
  const key = await may(context, quizPolicy.readAnswerKey, course);
  const questions = await context.loader(questionsByQuiz).load(quiz.id);
  return questions.map((question) => ({
    id: question.id,
    kind: question.kind,
    prompt: question.prompt,
    position: question.position,
    coveredMoments: momentsOf(question),
    explanation: key ? question.explanation : null,
    numericAnswer: key ? question.numericAnswer : null,
    numericTolerance: key ? question.numericTolerance : null,
    choices: question.choices.map((choice) => ({
      id: choice.id,
      text: choice.text,
      correct: key ? choice.correct : null,
      explanation: key ? choice.explanation : null,
    })),
  }));
}

/** For the course's team: whether learners attempted the quiz, so its questions may no longer change. Null for anyone else. */
export async function questionsLocked(context: Context, quiz: QuizRow): Promise<boolean | null> {
  const course = await context.loader(courseById).load(quiz.courseId);
  if (!course || !(await may(context, quizPolicy.readAnswerKey, course))) return null;
  return context.loader(learnersAttemptedQuiz).load(quiz.id);
}
