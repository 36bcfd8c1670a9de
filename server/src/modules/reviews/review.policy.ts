// Who may do what to a review. Rating a course is the service's business (refusalToRate): it
// depends on the learner's enrollment and watching, and its refusals say which is missing.
// Replies are the course's teaching team's (its owner and co-instructors, the people a learner
// was taught by; an admin moderates, they do not answer for the course). Hiding is admins'.
import type { Context } from "../../platform/context.ts";
import { anyOf, type Action, type Predicate } from "../../platform/policy.ts";
import { courseById, isCoInstructor, isOwner } from "../catalog/index.ts";
import { isAdmin } from "../identity/index.ts";
import { reviewById, type ReviewRow } from "./review.loaders.ts";

export const isAuthor: Predicate<ReviewRow> = (context, review) => context.viewer?.userId === review.userId;

export const isVisible: Predicate<ReviewRow> = (_context, review) => review.hiddenAt === null;

/** The owner or a co-instructor of the review's course. */
export const teachesReviewedCourse: Predicate<ReviewRow> = async (context: Context, review) => {
  const course = await context.loader(courseById).load(review.courseId);
  return !!course && (await anyOf(isOwner, isCoInstructor)(context, course));
};

export const reviewPolicy = {
  /** A hidden review is its author's and admins' to see. */
  read: {
    allows: anyOf(isVisible, isAuthor, isAdmin),
    refusal: { message: "This review is hidden." },
  },
  /** Changing or deleting it. */
  write: {
    allows: isAuthor,
    refusal: { message: "Only the review's author may change or delete it.", reason: "NOT_REVIEW_AUTHOR" },
  },
  reply: {
    allows: teachesReviewedCourse,
    refusal: { message: "Only the course's owner and co-instructors may reply to its reviews.", reason: "NOT_COURSE_TEACHER" },
  },
  hide: {
    allows: isAdmin,
    refusal: { message: "Only an admin may hide or show a review." },
  },
  /** Why it was hidden: for its author and admins. */
  seeHiding: {
    allows: anyOf(isAuthor, isAdmin),
    refusal: { message: "Only the review's author and admins see why it was hidden." },
  },
} satisfies Record<string, Action<ReviewRow>>;

/** The review, when the viewer may see it; null otherwise, as if it did not exist. */
export async function findVisibleReview(context: Context, id: string): Promise<ReviewRow | null> {
  const review = await context.loader(reviewById).load(id);
  return review && (await reviewPolicy.read.allows(context, review)) ? review : null;
}
