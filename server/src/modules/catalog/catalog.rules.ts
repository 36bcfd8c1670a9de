// Who may use the catalog's operations. Ownership (owner, co-instructor) is checked by the services.
import { and, hasRole, hasScope, keysNeedScope, type RuleMap } from "../../platform/authorization.ts";
import { teaches } from "../identity/index.ts";

/** Anyone may browse, anonymous included; an API key only with the catalog:read scope. */
export const readsCatalog = keysNeedScope("catalog:read");

export const catalogRules: RuleMap = {
  Query: {
    course: readsCatalog,
    courses: readsCatalog,
    teachingCourses: teaches,
  },
  Mutation: {
    createCourse: teaches,
    updateCourse: teaches,
    publishCourse: teaches,
    unpublishCourse: teaches,
    archiveCourse: teaches,
    deleteCourse: teaches,
    addCourseInstructor: teaches,
    removeCourseInstructor: teaches,
    // Course administration, not user administration: an admin's key with courses:write may too.
    transferCourseOwnership: and(hasRole("ADMIN"), hasScope("courses:write")),
    startCourseCoverUpload: teaches,
    completeCourseCoverUpload: teaches,
    removeCourseCover: teaches,
  },
  // Whoever may reach a course through a field may read it; the fields that return courses
  // answer only visible ones.
  Course: readsCatalog,
  CourseConnection: readsCatalog,
  CourseEdge: readsCatalog,
  CourseCoverUpload: teaches,
};
