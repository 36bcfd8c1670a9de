// Who may do what with a course's quizzes: its team (owner, co-instructors, admins) writes them
// and sees their answer keys; its enrolled learners take them; team members preview them.
import type { Context } from "../../platform/context.ts";
import { anyOf, type Action, type Predicate } from "../../platform/policy.ts";
import { coursePolicy, isCourseEditor, type CourseRow } from "../catalog/index.ts";
import { viewerIsEnrolled } from "../learning/index.ts";

/** Enrolled with access (ACTIVE, or COMPLETED and practising), not suspended. */
export const isLearner: Predicate<CourseRow> = viewerIsEnrolled;

/** Signed in as themselves: a partner's key neither takes quizzes for a learner nor reads their results. */
export const inPerson: Predicate<unknown> = (context: Context) => !!context.viewer && !context.viewer.apiKey;

export const quizPolicy = {
  author: coursePolicy.edit,
  /** Learners take quizzes; the team previews them (their attempts count for nothing). */
  take: {
    allows: anyOf<CourseRow>(isLearner, isCourseEditor),
    refusal: { message: "Enroll in this course to take its quizzes.", reason: "QUIZ_NOT_COURSE_LEARNER" },
  } satisfies Action<CourseRow>,
  /** Questions' texts: for whoever may take the quiz; the answer key, for the team only. */
  readQuestions: { allows: anyOf<CourseRow>(isLearner, isCourseEditor), refusal: { message: "Enroll in this course to see its quizzes' questions." } },
  readAnswerKey: { allows: isCourseEditor, refusal: { message: "Only the course's instructors see its quizzes' answers." } },
};
