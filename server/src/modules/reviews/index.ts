// reviews: learners' ratings and reviews of courses, the course team's reply, admins' hiding.
// After learning (a learner rates a course they are enrolled in and have watched some of: its
// exported viewerIsEnrolled and watchHistoryOf, with media's course length) and before analytics
// and integrations, which may come to listen to it; it reads catalog, media and learning only
// through their index.ts. Its table keeps ids only. The catalog keeps each course's rating totals
// on its own row (recordCourseRating, written in the transaction that changes a review), so its
// list sorts by rating in its own table and its kept public pages are dropped when they change.
// Its refusals' reasons, for every program that compiles the module (not only the server's, which includes every file).
import "./reviews.reasons.ts";
import { extend } from "../../platform/extension-points.ts";
import { fieldCoordinates, type Module } from "../../platform/module.ts";
import { connectionFieldCoordinates } from "../../platform/pagination.ts";
import { courseDeletion, coursePublicScope } from "../catalog/index.ts";
import type { ReviewRow } from "./review.loaders.ts";
import { findVisibleReview } from "./review.policy.ts";
import { CourseRatingResolver, CourseReviewReplyResolver, CourseReviewResolver, CourseReviewsResolver } from "./review.resolver.ts";
import { deleteReviewsOfCourse } from "./review.service.ts";
import { reviewsRules } from "./reviews.rules.ts";

export const reviews: Module = {
  name: "reviews",
  resolvers: [CourseReviewResolver, CourseReviewReplyResolver, CourseRatingResolver, CourseReviewsResolver],
  rules: reviewsRules,
  nodes: { CourseReview: findVisibleReview },
  extensions: [extend(courseDeletion, deleteReviewsOfCourse)],
  // An anonymous visitor's answers: the rating (from the catalog's row of the course, whose changes
  // notify `course:<id>` and `courses`) and the visible reviews (course_reviews' triggers notify
  // `course:<id>`), with their authors' public profiles (`user:<id>`, identity's). The viewer's own
  // review and rights are not here: queries that ask for them are answered fresh.
  publicFields: [
    ...fieldCoordinates("Course", ["rating", "reviews"]),
    ...fieldCoordinates("CourseRating", ["average", "count", "distribution"]),
    ...connectionFieldCoordinates("CourseReview"),
    ...fieldCoordinates("CourseReview", ["id", "rating", "text", "edited", "createdAt", "updatedAt", "author", "reply", "hidden"]),
    ...fieldCoordinates("CourseReviewReply", ["text", "createdAt", "updatedAt", "edited", "author"]),
  ],
  publicScopes: { CourseReview: (review: ReviewRow) => coursePublicScope(review.courseId) },
};
