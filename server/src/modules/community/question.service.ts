// Asking, answering, accepting, editing, deleting and hiding in a course's Q&A: who may
// (question.policy.ts), what a post may say, and the event a new answer emits.
import type { Context } from "../../platform/context.ts";
import type { Transaction } from "../../platform/db.ts";
import { emit } from "../../platform/domain-events.ts";
import { badInput, notFound, refuseFieldProblems } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import { authorize } from "../../platform/policy.ts";
import { findVisibleCourse, type CourseRow } from "../catalog/index.ts";
import { findVisibleVideo, momentProblem, videosInPlayingOrder } from "../media/index.ts";
import "./community.events.ts";
import { answerById, questionById, type AnswerRow, type QuestionRow } from "./question.loaders.ts";
import { coursePolicy, findVisibleAnswer, findVisibleQuestion, postPolicy } from "./question.policy.ts";
import type { AnswerQuestionInput, AskQuestionInput, UpdateAnswerInput, UpdateQuestionInput } from "./question.type.ts";

export const TITLE_MAX_CHARS = 150;
export const BODY_MAX_CHARS = 5000;

const NOT_SHOWN = "is not a video of this course you can watch";

/** A course argument's course the viewer takes part in: NOT_FOUND when invisible, FORBIDDEN when they are not its learner or team. */
async function getParticipatingCourse(context: Context, courseId: string): Promise<CourseRow> {
  const course = await findVisibleCourse(context, courseId);
  if (!course) throw notFound("Course");
  return authorize(context, coursePolicy.takePart, course);
}

async function getQuestion(context: Context, globalId: string, field: string): Promise<QuestionRow> {
  const question = await findVisibleQuestion(context, parseId(globalId, "CourseQuestion", field));
  if (!question) throw notFound("Question");
  return question;
}

async function getAnswer(context: Context, globalId: string, field: string): Promise<AnswerRow> {
  const answer = await findVisibleAnswer(context, parseId(globalId, "QuestionAnswer", field));
  if (!answer) throw notFound("Answer");
  return answer;
}

function lengthProblem(text: string, max: number): string | undefined {
  if (text.length === 0) return "must not be empty";
  if ([...text].length > max) return `must be at most ${max.toLocaleString("en")} characters`;
  return undefined;
}

function primeQuestion(context: Context, question: QuestionRow): QuestionRow {
  context.loader(questionById).clear(question.id).prime(question.id, question);
  return question;
}

function primeAnswer(context: Context, answer: AnswerRow): AnswerRow {
  context.loader(answerById).clear(answer.id).prime(answer.id, answer);
  return answer;
}

export async function askQuestion(context: Context, input: AskQuestionInput): Promise<QuestionRow> {
  const video = await findVisibleVideo(context, parseId(input.videoId, "Video", "videoId"));
  if (!video) throw badInput({ videoId: NOT_SHOWN });
  const course = await getParticipatingCourse(context, video.courseId);
  // Learners are shown the course's ready videos only; a question hangs on one they can play.
  if (!(await videosInPlayingOrder(context, course.id)).some((shown) => shown.id === video.id)) throw badInput({ videoId: NOT_SHOWN });
  const title = input.title.trim();
  const body = input.body.trim();
  refuseFieldProblems({
    title: lengthProblem(title, TITLE_MAX_CHARS),
    body: lengthProblem(body, BODY_MAX_CHARS),
    positionSeconds: momentProblem(input.positionSeconds, video),
  });
  const question = await context.db.courseQuestion.create({
    data: { courseId: course.id, videoId: video.id, userId: context.viewer!.userId, positionSeconds: input.positionSeconds, title, body },
  });
  return primeQuestion(context, question);
}

/** A question still asked: not deleted by its author. */
function refuseDeleted(question: QuestionRow, field: string): void {
  if (question.deletedAt) throw badInput({ [field]: "is a question its author deleted" });
}

export async function updateQuestion(context: Context, input: UpdateQuestionInput): Promise<QuestionRow> {
  const question = await getQuestion(context, input.id, "id");
  await authorize(context, postPolicy.write, question);
  refuseDeleted(question, "id");
  const title = input.title.trim();
  const body = input.body.trim();
  refuseFieldProblems({ title: lengthProblem(title, TITLE_MAX_CHARS), body: lengthProblem(body, BODY_MAX_CHARS) });
  const updated = await context.db.courseQuestion.update({
    where: { id: question.id, userId: question.userId, deletedAt: null },
    data: { title, body, edited: true, updatedAt: new Date() },
  });
  return primeQuestion(context, updated);
}

/**
 * Its author's: a question nobody answered goes for good; an answered one is emptied and marked
 * deleted, so that the answers others wrote (and the accepted one) stay readable in its thread.
 */
export async function deleteQuestion(context: Context, globalId: string): Promise<boolean> {
  const question = await getQuestion(context, globalId, "id");
  await authorize(context, postPolicy.write, question);
  refuseDeleted(question, "id");
  await context.db.$transaction(async (tx) => {
    // The question's row, locked: an answer arriving meanwhile waits, and then finds it emptied.
    await tx.$queryRaw`SELECT id FROM course_questions WHERE id = ${question.id}::uuid FOR UPDATE`;
    if ((await tx.questionAnswer.count({ where: { questionId: question.id } })) === 0) {
      await tx.courseQuestion.delete({ where: { id: question.id } });
    } else {
      await tx.courseQuestion.update({ where: { id: question.id }, data: { title: "", body: "", deletedAt: new Date(), updatedAt: new Date() } });
    }
  });
  context.loader(questionById).clear(question.id);
  return true;
}

export async function answerQuestion(context: Context, input: AnswerQuestionInput): Promise<AnswerRow> {
  // Only the course's participants see its questions: anyone else is answered NOT_FOUND.
  const question = await getQuestion(context, input.questionId, "questionId");
  refuseDeleted(question, "questionId");
  if (question.hiddenAt) throw badInput({ questionId: "is a hidden question: it takes no answers" });
  const body = input.body.trim();
  refuseFieldProblems({ body: lengthProblem(body, BODY_MAX_CHARS) });
  const userId = context.viewer!.userId;
  const answer = await context.db.$transaction(async (tx) => {
    const [open] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM course_questions WHERE id = ${question.id}::uuid AND deleted_at IS NULL AND hidden_at IS NULL FOR SHARE`;
    if (!open) throw badInput({ questionId: "is no longer open to answers" });
    const created = await tx.questionAnswer.create({ data: { questionId: question.id, courseId: question.courseId, userId, body } });
    await emitAnswerPosted(tx, question, created);
    return created;
  });
  return primeAnswer(context, answer);
}

function emitAnswerPosted(tx: Transaction, question: QuestionRow, answer: AnswerRow) {
  return emit(tx, {
    name: "community.answerPosted",
    aggregate: `question:${question.id}`,
    payload: { answerId: answer.id, questionId: question.id, courseId: question.courseId, askerId: question.userId, answererId: answer.userId },
  });
}

export async function updateAnswer(context: Context, input: UpdateAnswerInput): Promise<AnswerRow> {
  const answer = await getAnswer(context, input.id, "id");
  await authorize(context, postPolicy.write, answer);
  const body = input.body.trim();
  refuseFieldProblems({ body: lengthProblem(body, BODY_MAX_CHARS) });
  const updated = await context.db.questionAnswer.update({ where: { id: answer.id, userId: answer.userId }, data: { body, edited: true, updatedAt: new Date() } });
  return primeAnswer(context, updated);
}

/** Its author's; an accepted answer stops being accepted with it (the foreign key sets null). */
export async function deleteAnswer(context: Context, globalId: string): Promise<boolean> {
  const answer = await getAnswer(context, globalId, "id");
  await authorize(context, postPolicy.write, answer);
  const deleted = await context.db.questionAnswer.deleteMany({ where: { id: answer.id, userId: answer.userId } });
  if (deleted.count === 0) throw notFound("Answer");
  context.loader(answerById).clear(answer.id);
  context.loader(questionById).clear(answer.questionId);
  return true;
}

/** The course's owner or a co-instructor marks the answer as the question's accepted one (another one stops being). */
export async function acceptAnswer(context: Context, answerGlobalId: string): Promise<QuestionRow> {
  const answer = await getAnswer(context, answerGlobalId, "answerId");
  const course = await getParticipatingCourse(context, answer.courseId);
  await authorize(context, coursePolicy.accept, course);
  if (answer.hiddenAt) throw badInput({ answerId: "is a hidden answer: show it again before accepting it" });
  const updated = await context.db.courseQuestion.update({ where: { id: answer.questionId }, data: { acceptedAnswerId: answer.id } });
  return primeQuestion(context, updated);
}

export async function unacceptAnswer(context: Context, questionGlobalId: string): Promise<QuestionRow> {
  const question = await getQuestion(context, questionGlobalId, "questionId");
  const course = await getParticipatingCourse(context, question.courseId);
  await authorize(context, coursePolicy.accept, course);
  const updated = await context.db.courseQuestion.update({ where: { id: question.id }, data: { acceptedAnswerId: null } });
  return primeQuestion(context, updated);
}

/** Hidden from everyone but its author, the course's team and admins; shown again when `hidden` is false. */
export async function setQuestionHidden(context: Context, globalId: string, hidden: boolean): Promise<QuestionRow> {
  const question = await getQuestion(context, globalId, "id");
  await authorize(context, coursePolicy.moderate, await getParticipatingCourse(context, question.courseId));
  const updated = await context.db.courseQuestion.update({
    where: { id: question.id },
    data: hidden ? { hiddenAt: question.hiddenAt ?? new Date(), hiddenById: question.hiddenById ?? context.viewer!.userId } : { hiddenAt: null, hiddenById: null },
  });
  return primeQuestion(context, updated);
}

export async function setAnswerHidden(context: Context, globalId: string, hidden: boolean): Promise<AnswerRow> {
  const answer = await getAnswer(context, globalId, "id");
  await authorize(context, coursePolicy.moderate, await getParticipatingCourse(context, answer.courseId));
  const updated = await context.db.$transaction(async (tx) => {
    // A hidden answer is no question's accepted one.
    if (hidden) await tx.courseQuestion.updateMany({ where: { id: answer.questionId, acceptedAnswerId: answer.id }, data: { acceptedAnswerId: null } });
    return tx.questionAnswer.update({
      where: { id: answer.id },
      data: hidden ? { hiddenAt: answer.hiddenAt ?? new Date(), hiddenById: answer.hiddenById ?? context.viewer!.userId } : { hiddenAt: null, hiddenById: null },
    });
  });
  context.loader(questionById).clear(answer.questionId);
  return primeAnswer(context, updated);
}

/** catalog's courseDeletion hook: a deleted course's threads and notifications go with it, in its transaction. */
export async function deleteThreadsOfCourse(tx: Transaction, courseId: string): Promise<void> {
  await tx.communityNotification.deleteMany({ where: { courseId } });
  await tx.courseQuestion.updateMany({ where: { courseId }, data: { acceptedAnswerId: null } });
  await tx.questionAnswer.deleteMany({ where: { courseId } });
  await tx.courseQuestion.deleteMany({ where: { courseId } });
}
