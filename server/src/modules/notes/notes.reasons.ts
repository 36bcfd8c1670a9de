// Why the notes module refuses a request: extensions.reason beside the contract's code.
declare module "../../platform/errors.ts" {
  interface ErrorReasons {
    /** FORBIDDEN: only the course's enrolled learners, its instructors and admins keep notes on its videos. */
    NOTES_NOT_COURSE_LEARNER: "notes";
    /** BAD_USER_INPUT: the learner keeps as many notes in this course as one may (MAX_NOTES_PER_COURSE). */
    VIDEO_NOTE_LIMIT_REACHED: "notes";
  }
}

export {};
