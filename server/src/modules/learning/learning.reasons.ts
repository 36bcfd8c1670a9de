// Why learning refuses a request: extensions.reason beside the contract's code.
declare module "../../platform/errors.ts" {
  interface ErrorReasons {
    /** CONFLICT: a course anyone ever enrolled in is archived, never deleted. */
    COURSE_HAS_ENROLLMENTS: "learning";
    /** CONFLICT: a draft or archived course takes no new enrollments (those enrolled keep theirs). */
    ENROLLMENT_CLOSED: "learning";
    /** PAYMENT_REQUIRED: a paid course is bought, not enrolled in for free. */
    COURSE_NOT_FREE: "learning";
    /** FORBIDDEN: only a learner enrolled in the course may do this. */
    NOT_ENROLLED: "learning";
    /** FORBIDDEN: the learner's enrollment was revoked or refunded. */
    ENROLLMENT_ENDED: "learning";
  }
}

export {};
