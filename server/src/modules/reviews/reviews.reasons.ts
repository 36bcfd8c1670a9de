// Why reviews refuses a request: extensions.reason beside the contract's code.
declare module "../../platform/errors.ts" {
  interface ErrorReasons {
    /** FORBIDDEN: only a learner enrolled in the course (ACTIVE or COMPLETED) rates it. */
    REVIEW_NEEDS_ENROLLMENT: "reviews";
    /** FORBIDDEN: the learner has not watched enough of the course yet (REVIEW_MIN_WATCHED_SHARE). */
    REVIEW_NEEDS_WATCHING: "reviews";
    /** FORBIDDEN: only the course's owner and co-instructors reply to its reviews. */
    NOT_COURSE_TEACHER: "reviews";
    /** FORBIDDEN: only the review's author may do this. */
    NOT_REVIEW_AUTHOR: "reviews";
    /** CONFLICT: the review has its reply already; edit it instead. */
    REVIEW_ALREADY_REPLIED: "reviews";
  }
}

export {};
