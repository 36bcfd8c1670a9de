// Who takes part in a course's Q&A and who may do what to its posts. A thread is the course's:
// its enrolled learners (ACTIVE or COMPLETED, not suspended: learning's viewerIsEnrolled), its
// team (owner, co-instructors) and admins read and write it, in their own sessions only (a
// partner's key reads no learner's questions; no scope says it may). Anyone else is answered as if
// the thread did not exist.
import type { Context } from "../../platform/context.ts";
import { allOf, anyOf, may, type Action, type Predicate } from "../../platform/policy.ts";
import { findVisibleCourse, isCoInstructor, isCourseEditor, isOwner, type CourseRow } from "../catalog/index.ts";
import { viewerIsEnrolled } from "../learning/index.ts";
import { answerById, questionById, type AnswerRow, type QuestionRow } from "./question.loaders.ts";

const inPersonalSession: Predicate<unknown> = (context) => !!context.viewer && !context.viewer.apiKey;

export const isAuthor: Predicate<{ userId: string }> = (context, post) => context.viewer?.userId === post.userId;

export const coursePolicy = {
  takePart: {
    allows: allOf<CourseRow>(inPersonalSession, anyOf<CourseRow>(viewerIsEnrolled, isCourseEditor)),
    refusal: { message: "Enroll in this course to read and join its questions and answers.", reason: "QA_NOT_COURSE_PARTICIPANT" },
  },
  /** The people the learner was taught by; an admin moderates, they do not answer for the course. */
  accept: {
    allows: anyOf<CourseRow>(isOwner, isCoInstructor),
    refusal: { message: "Only the course's owner and co-instructors may accept an answer.", reason: "QA_NOT_COURSE_TEAM" },
  },
  moderate: {
    allows: isCourseEditor,
    refusal: { message: "Only the course's owner, co-instructors and admins may hide questions and answers.", reason: "QA_NOT_COURSE_TEAM" },
  },
} satisfies Record<string, Action<CourseRow>>;

export const postPolicy = {
  write: {
    allows: isAuthor,
    refusal: { message: "Only its author may change or delete this.", reason: "QA_NOT_AUTHOR" },
  },
} satisfies Record<string, Action<{ userId: string }>>;

/** The course of a post, when the viewer takes part in its Q&A; null otherwise. */
export async function participatingCourse(context: Context, courseId: string): Promise<CourseRow | null> {
  const course = await findVisibleCourse(context, courseId);
  return course && (await may(context, coursePolicy.takePart, course)) ? course : null;
}

/** A hidden post is shown to its author and to the people who may hide it. */
async function seesPost(context: Context, post: { userId: string; hiddenAt: Date | null }, course: CourseRow): Promise<boolean> {
  return post.hiddenAt === null || isAuthor(context, post) || (await may(context, coursePolicy.moderate, course));
}

/** The question, when the viewer may see it; null otherwise, as if it did not exist. */
export async function findVisibleQuestion(context: Context, id: string): Promise<QuestionRow | null> {
  const question = await context.loader(questionById).load(id);
  if (!question) return null;
  const course = await participatingCourse(context, question.courseId);
  return course && (await seesPost(context, question, course)) ? question : null;
}

/** The answer, when the viewer may see it and its question; null otherwise. */
export async function findVisibleAnswer(context: Context, id: string): Promise<AnswerRow | null> {
  const answer = await context.loader(answerById).load(id);
  if (!answer || !(await findVisibleQuestion(context, answer.questionId))) return null;
  const course = await participatingCourse(context, answer.courseId);
  return course && (await seesPost(context, answer, course)) ? answer : null;
}
