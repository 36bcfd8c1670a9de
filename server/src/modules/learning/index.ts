// learning: enrollments, progress, completion and certificates. Enrolled learners may watch
// (media's viewing rights); every change is a domain event later modules listen to; a completion
// issues a certificate anyone may verify (its public page, PDF and signed Open Badges credential).
// Its refusals' reasons, for every program that compiles the module (not only the server's, which includes every file).
import "./learning.reasons.ts";
import { extend } from "../../platform/extension-points.ts";
import type { Module } from "../../platform/module.ts";
import { courseReadRights, deletionVetoes, popularitySources } from "../catalog/index.ts";
import { viewingRights } from "../media/index.ts";
import { CertificateResolver, CourseProgressCertificateResolver } from "./certificate.resolver.ts";
import { certificateSigningKey } from "./certificate.keys.ts";
import { certificateRoutes } from "./certificate.routes.ts";
import { findVisibleCertificate, issueCertificate } from "./certificate.service.ts";
import { CourseLearningResolver, VideoLearningResolver } from "./course-learning.resolver.ts";
import { EnrollmentResolver } from "./enrollment.resolver.ts";
import {
  countLearnersByCourse,
  enrolledLearners,
  findVisibleEnrollment,
  learnersKeepTheirCourse,
  refuseDeletingEnrolledCourse,
  scopesOfEnrolledCourses,
} from "./enrollment.service.ts";
import { learningListeners } from "./learning.events.ts";
import { learningRules } from "./learning.rules.ts";
import { CourseProgressResolver, LearnerProgressEventResolver, VideoProgressResolver } from "./progress.resolver.ts";

export { enrollByPurchase, endEnrollment, resumeEnrollment, suspendEnrollment, viewerIsEnrolled, type LearnerInCourse } from "./enrollment.service.ts";
export { completionRequirements, type CompletionRequirement, type Learner, type RequirementCount } from "./learning.extensions.ts";
export { recheckCourseCompletion, recheckCourseCompletions } from "./progress.service.ts";
export { watchHistoryOf, type WatchHistory, type WatchedVideoRecord } from "./watch-history.ts";

export const learning: Module = {
  name: "learning",
  resolvers: [
    EnrollmentResolver,
    CourseLearningResolver,
    VideoLearningResolver,
    VideoProgressResolver,
    CourseProgressResolver,
    LearnerProgressEventResolver,
    CertificateResolver,
    CourseProgressCertificateResolver,
  ],
  rules: learningRules,
  nodes: { Enrollment: findVisibleEnrollment, Certificate: findVisibleCertificate },
  extensions: [
    extend(deletionVetoes, refuseDeletingEnrolledCourse),
    extend(popularitySources, countLearnersByCourse),
    extend(viewingRights, enrolledLearners),
    extend(courseReadRights, learnersKeepTheirCourse),
  ],
  viewerScopes: scopesOfEnrolledCourses,
  listeners: {
    ...learningListeners,
    "learning.courseCompleted": ({ payload }, platform) => issueCertificate(platform, payload),
  },
  routes: certificateRoutes,
  // A signing key that cannot be read or made fails the start, not the first credential.
  async start(platform) {
    await certificateSigningKey(platform.config);
  },
};
