// Who may use the learning module's operations. Enrollment and course instructorship are checked by the services.
import { and, everyone, hasRole, hasScope, isPersonalSession, isSignedIn, keysNeedScope, type RuleMap } from "../../platform/authorization.ts";
import { readsCatalog } from "../catalog/index.ts";

const readsEnrollments = hasScope("enrollments:read");
const writesEnrollments = hasScope("enrollments:write");
const readsProgress = hasScope("progress:read");

export const learningRules: RuleMap = {
  Query: {
    myEnrollments: readsEnrollments,
    courseStudents: readsEnrollments,
    // Anyone verifies a certificate by its code, anonymous included; a key as for the other learning reads.
    certificate: keysNeedScope("enrollments:read"),
  },
  Mutation: {
    enroll: writesEnrollments,
    grantEnrollment: writesEnrollments,
    revokeEnrollment: and(hasRole("ADMIN"), writesEnrollments),
    // The player reports what its learner watched: no partner's key reports for them.
    recordProgress: isPersonalSession,
  },
  Subscription: { myProgressUpdated: readsProgress, courseProgressFeed: readsProgress },
  // Learning's fields on catalog's Course and media's Video; their other fields keep their owners' rules.
  // The viewer's own progress goes with the course it is read on (null when not enrolled), so a key
  // that may read or change a course never has its answer refused for it.
  Course: { enrollmentCount: readsCatalog, viewerIsEnrolled: readsCatalog, viewerProgress: readsCatalog },
  Video: { viewerProgress: readsCatalog },
  // Reached only through myEnrollments, courseStudents and the enrollment mutations (an enrollment is read with its progress).
  Enrollment: readsEnrollments,
  EnrollmentConnection: readsEnrollments,
  EnrollmentEdge: readsEnrollments,
  // Reached only through the fields above, which decide; they always belong to someone signed in.
  CourseProgress: isSignedIn,
  VideoProgress: isSignedIn,
  WatchedRange: isSignedIn,
  LearnerProgressEvent: isSignedIn,
  // Public, whoever holds its code: reached only through Query.certificate and CourseProgress.certificate, which decide.
  Certificate: everyone,
};
