// Who may keep notes in a course, and whose notes are whose.
import type { Context } from "../../platform/context.ts";
import { anyOf, type Action } from "../../platform/policy.ts";
import { isCourseEditor, type CourseRow } from "../catalog/index.ts";
import { viewerIsEnrolled } from "../learning/index.ts";

/** The note's author: nobody else reads, changes or even learns of it, admins included. */
export const isAuthor = (context: Context, note: { userId: string }) => context.viewer?.userId === note.userId;

export const videoNotePolicy = {
  /** Enrolled learners (ACTIVE or COMPLETED, not suspended), and the course's instructors and admins, who may preview it. */
  keep: {
    allows: anyOf<CourseRow>(viewerIsEnrolled, isCourseEditor),
    refusal: { message: "Enroll in this course to keep notes on its videos.", reason: "NOTES_NOT_COURSE_LEARNER" },
  } satisfies Action<CourseRow>,
};
