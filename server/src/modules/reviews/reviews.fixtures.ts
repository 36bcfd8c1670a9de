// The reviews module's factories for tests: a course with a learner who has watched enough of it
// to rate it, made through the public API (learning's and catalog's factories), and the documents.
import type { TestServer } from "../../../test/support/test-server.ts";
import { signUp } from "../identity/identity.fixtures.ts";
import { courseToLearn, enrollAs, record } from "../learning/learning.fixtures.ts";

export const REVIEW_FIELDS = /* GraphQL */ `
  id rating text edited createdAt updatedAt hidden hiddenReason
  author { id profile { displayName avatarUrl } }
  reply { text edited createdAt updatedAt author { id } }
`;

export const UPSERT_REVIEW = /* GraphQL */ `
  mutation ($input: UpsertCourseReviewInput!) { upsertCourseReview(input: $input) { ${REVIEW_FIELDS} } }
`;
export const DELETE_REVIEW = /* GraphQL */ `mutation ($courseId: ID!) { deleteCourseReview(courseId: $courseId) }`;
export const REPLY = /* GraphQL */ `
  mutation ($reviewId: ID!, $text: String!) { replyToCourseReview(reviewId: $reviewId, text: $text) { ${REVIEW_FIELDS} } }
`;
export const EDIT_REPLY = /* GraphQL */ `
  mutation ($reviewId: ID!, $text: String!) { editCourseReviewReply(reviewId: $reviewId, text: $text) { ${REVIEW_FIELDS} } }
`;
export const SET_HIDDEN = /* GraphQL */ `
  mutation ($reviewId: ID!, $hidden: Boolean!, $reason: String) {
    setCourseReviewHidden(reviewId: $reviewId, hidden: $hidden, reason: $reason) { ${REVIEW_FIELDS} }
  }
`;
export const COURSE_REVIEWS = /* GraphQL */ `
  query ($id: ID!, $first: Int, $after: String, $orderBy: CourseReviewOrder) {
    course(id: $id) {
      id
      rating { average count distribution }
      reviews(first: $first, after: $after, orderBy: $orderBy) {
        totalCount pageInfo { hasNextPage endCursor } nodes { ${REVIEW_FIELDS} }
      }
    }
  }
`;
export const VIEWER_REVIEW = /* GraphQL */ `
  query ($id: ID!) { course(id: $id) { id viewerCanReview viewerReview { ${REVIEW_FIELDS} } } }
`;

/** A published course of the instructor (one 100-second video unless told) to rate. */
export function courseToRate(server: TestServer, instructorToken: string, durations: number[] = [100]) {
  return courseToLearn(server, instructorToken, durations);
}

/**
 * A new learner, enrolled in the course, who watched `seconds` of its first video (enough to
 * rate it unless told otherwise); answers their account and enrollment's global id.
 */
export async function learnerWhoWatched(server: TestServer, course: { courseId: string; videoIds: string[] }, seconds = 20) {
  const learner = await signUp(server);
  const enrollmentId = await enrollAs(server, learner.accessToken, course.courseId);
  if (seconds > 0) {
    const result = await record(server, learner.accessToken, { videoId: course.videoIds[0], watchedRanges: [[0, seconds]], positionSeconds: seconds });
    if (result.errors) throw new Error(`recordProgress failed: ${JSON.stringify(result.errors)}`);
  }
  return { ...learner, enrollmentId };
}

/** Rates the course as the token's person; answers the review. */
export async function rate(server: TestServer, token: string, courseId: string, rating: number, text?: string | null) {
  const result = await server.graphql(UPSERT_REVIEW, { input: { courseId, rating, text } }, { token });
  if (!result.data?.upsertCourseReview) throw new Error(`upsertCourseReview failed: ${JSON.stringify(result.errors)}`);
  return result.data.upsertCourseReview as { id: string; [field: string]: any };
}
