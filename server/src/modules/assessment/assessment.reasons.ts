// Why the assessment module refuses a request: extensions.reason beside the contract's code.
declare module "../../platform/errors.ts" {
  interface ErrorReasons {
    /** FORBIDDEN: only the course's enrolled learners take its quizzes (its instructors and admins preview them). */
    QUIZ_NOT_COURSE_LEARNER: "assessment";
    /** FORBIDDEN: the learner has made as many attempts at the quiz as its instructors allow. */
    QUIZ_ATTEMPTS_USED_UP: "assessment";
    /** CONFLICT: the attempt was already submitted (a second submission, maybe from another tab). */
    QUIZ_ATTEMPT_SUBMITTED: "assessment";
    /** CONFLICT: the attempt's time ran out before it was submitted. */
    QUIZ_ATTEMPT_EXPIRED: "assessment";
    /** CONFLICT: learners have attempted the quiz, so its questions may no longer change (its settings may). */
    QUIZ_HAS_ATTEMPTS: "assessment";
  }
}

export {};
