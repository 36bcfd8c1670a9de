// Who may use the reviews module's operations. Enrollment, watching, authorship and the course
// team are checked by the service (review.policy.ts, refusalToRate), which says which is missing.
import { and, hasRole, isPersonalSession, type RuleMap } from "../../platform/authorization.ts";
import { readsCatalog } from "../catalog/index.ts";

export const reviewsRules: RuleMap = {
  // A person's own opinion and answers: written in their own session, never through a partner's key.
  Mutation: {
    upsertCourseReview: isPersonalSession,
    deleteCourseReview: isPersonalSession,
    replyToCourseReview: isPersonalSession,
    editCourseReviewReply: isPersonalSession,
    setCourseReviewHidden: and(hasRole("ADMIN"), isPersonalSession),
  },
  // Public with the course they are read on, anonymous included (its page, the catalog's cards).
  Course: { rating: readsCatalog, reviews: readsCatalog, viewerReview: readsCatalog, viewerCanReview: readsCatalog },
  // Reached only through the fields above and the mutations, which decide what is shown.
  CourseRating: readsCatalog,
  CourseReview: readsCatalog,
  CourseReviewConnection: readsCatalog,
  CourseReviewEdge: readsCatalog,
  CourseReviewReply: readsCatalog,
};
