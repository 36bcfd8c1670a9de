// Why the community module refuses a request: extensions.reason beside the contract's code.
declare module "../../platform/errors.ts" {
  interface ErrorReasons {
    /** FORBIDDEN: only the course's enrolled learners, its team (owner, co-instructors) and admins take part in its Q&A. */
    QA_NOT_COURSE_PARTICIPANT: "community";
    /** FORBIDDEN: only a question's or answer's author may change or delete it. */
    QA_NOT_AUTHOR: "community";
    /** FORBIDDEN: only the course's owner and co-instructors accept answers; they and admins hide posts. */
    QA_NOT_COURSE_TEAM: "community";
  }
}

export {};
