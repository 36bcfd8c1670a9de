// Why the tutor refuses a request: extensions.reason beside the contract's code.
declare module "../../platform/errors.ts" {
  interface ErrorReasons {
    /** FORBIDDEN: only the course's enrolled learners, its instructors and admins may ask its tutor. */
    NOT_COURSE_LEARNER: "tutor";
    /** RATE_LIMITED: the learner's tokens for the day are spent (retryAfterSeconds: until the reset). */
    TUTOR_DAILY_TOKENS_SPENT: "tutor";
    /** RATE_LIMITED: too many questions this minute. */
    TUTOR_TOO_MANY_REQUESTS: "tutor";
    /** FORBIDDEN: the question is one of the quiz the learner is taking (submit it first). */
    QUIZ_IN_PROGRESS: "tutor";
    /** RATE_LIMITED: the tutor's model failed (busy, down, too slow, its stream cut); the question cost nothing. */
    TUTOR_MODEL_UNAVAILABLE: "tutor";
  }
}

export {};
