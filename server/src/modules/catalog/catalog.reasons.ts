// Why the catalog refuses a request: extensions.reason beside the contract's code.
declare module "../../platform/errors.ts" {
  interface ErrorReasons {
    /** CONFLICT: another course has this slug. */
    SLUG_TAKEN: "catalog";
    /** CONFLICT: the course's status does not allow this transition (publishing an archived course, ...). */
    COURSE_STATUS_FORBIDS: "catalog";
    /** CONFLICT: this image is already the course's cover. */
    COVER_UNCHANGED: "catalog";
    /** FORBIDDEN: only the course's instructors (owner, co-instructors) and admins may change it or its content. */
    NOT_COURSE_INSTRUCTOR: "catalog";
    /** FORBIDDEN: only the course's owner and admins may do this (price, deletion, instructors, ownership). */
    NOT_COURSE_OWNER: "catalog";
  }
}

export {};
