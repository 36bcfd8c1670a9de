// Who may ask a course's tutor, and whose threads are whose.
import type { Context } from "../../platform/context.ts";
import { anyOf, type Action } from "../../platform/policy.ts";
import { isCourseEditor, type CourseRow } from "../catalog/index.ts";
import { viewerIsEnrolled } from "../learning/index.ts";

/** The thread's author: nobody else sees it, admins included (a learner's questions are theirs). */
export const isAuthor = (context: Context, thread: { userId: string }) => context.viewer?.userId === thread.userId;

export const tutorPolicy = {
  /** Enrolled learners (ACTIVE or COMPLETED, not suspended), the course's instructors and admins. */
  ask: {
    allows: anyOf<CourseRow>(viewerIsEnrolled, isCourseEditor),
    refusal: { message: "Enroll in this course to ask its tutor.", reason: "NOT_COURSE_LEARNER" },
  } satisfies Action<CourseRow>,
};
