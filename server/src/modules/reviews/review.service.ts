// Rating and reviewing a course, the team's reply and an admin's hiding. Every change runs under
// the course's row lock (catalog's lockCourse), so changes to one course's reviews take turns: a
// race of two first ratings by one learner finds the first one's row, and the totals written to
// the catalog (recordCourseRating) are counted from the committed rows, never from a stale read.
import type { GraphQLError } from "graphql";
import type { Context } from "../../platform/context.ts";
import type { Transaction } from "../../platform/db.ts";
import { badInput, conflict, forbidden, notFound } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import { authorize } from "../../platform/policy.ts";
import { findVisibleCourse, lockCourse, recordCourseRating, type CourseRow } from "../catalog/index.ts";
import { viewerIsEnrolled, watchHistoryOf } from "../learning/index.ts";
import { totalDurationSeconds } from "../media/index.ts";
import { reviewById, viewerReviewByCourse, type ReviewRow } from "./review.loaders.ts";
import { findVisibleReview, reviewPolicy } from "./review.policy.ts";
import type { UpsertCourseReviewInput } from "./review.type.ts";

export const RATING_MIN = 1;
export const RATING_MAX = 5;
export const REVIEW_TEXT_MAX = 5_000;
export const REPLY_TEXT_MAX = 5_000;
export const HIDING_REASON_MAX = 500;
/**
 * A learner rates a course once they have watched at least this share of its length (10 %), or
 * one of its videos to the end (learning's completion of a video): enough to have an opinion, and
 * the second rule keeps a course of one long video from asking for most of it.
 */
export const REVIEW_MIN_WATCHED_SHARE = 0.1;

/** Trimmed text, null when empty; `field` names it in the refusal when longer than `max`. */
function checkedText(text: string | null | undefined, field: string, max: number): string | null {
  const trimmed = text?.trim() ?? "";
  if (trimmed.length > max) throw badInput({ [field]: `must be at most ${max.toLocaleString("en-US")} characters long` });
  return trimmed.length === 0 ? null : trimmed;
}

function checkedRating(rating: number): number {
  if (!Number.isInteger(rating) || rating < RATING_MIN || rating > RATING_MAX) {
    throw badInput({ rating: `must be a whole number from ${RATING_MIN} to ${RATING_MAX}` });
  }
  return rating;
}

/** Why the viewer may not rate the course (a FORBIDDEN refusal to throw), or null when they may. */
export async function refusalToRate(context: Context, course: CourseRow): Promise<GraphQLError | null> {
  const viewer = context.viewer;
  if (!viewer || !(await viewerIsEnrolled(context, course))) {
    return forbidden("Only learners enrolled in this course may rate it.", { reason: "REVIEW_NEEDS_ENROLLMENT" });
  }
  const history = await watchHistoryOf(context, { userId: viewer.userId, courseId: course.id });
  const videos = history?.videos ?? [];
  const watched = videos.reduce((sum, video) => sum + video.watchedSeconds, 0);
  const length = await totalDurationSeconds(context, course.id);
  const watchedEnough = videos.some((video) => video.completedAt !== null) || (length > 0 && watched >= length * REVIEW_MIN_WATCHED_SHARE);
  if (!watchedEnough) {
    return forbidden(
      `Watch at least ${REVIEW_MIN_WATCHED_SHARE * 100}% of this course, or one of its videos to the end, before rating it.`,
      { reason: "REVIEW_NEEDS_WATCHING" },
    );
  }
  return null;
}

async function visibleCourse(context: Context, globalId: string, field: string): Promise<CourseRow> {
  const course = await findVisibleCourse(context, parseId(globalId, "Course", field));
  if (!course) throw notFound("Course");
  return course;
}

/** The visible ratings' totals, written to the catalog's row of the course (unchanged: nothing written). */
async function recountRating(tx: Transaction, courseId: string): Promise<void> {
  const [totals] = await tx.$queryRaw<{ sum: number; count: number }[]>`
    SELECT coalesce(sum(rating), 0)::int AS sum, count(*)::int AS count FROM course_reviews
    WHERE course_id = ${courseId}::uuid AND hidden_at IS NULL`;
  await recordCourseRating(tx, courseId, totals);
}

/** Forgets cached rows after a change, so the rest of the request sees the new state. */
function forgetReview(context: Context, review: Pick<ReviewRow, "id" | "courseId">): void {
  context.loader(reviewById).clear(review.id);
  context.loader(viewerReviewByCourse).clear(review.courseId);
}

export async function upsertCourseReview(context: Context, input: UpsertCourseReviewInput): Promise<ReviewRow> {
  const rating = checkedRating(input.rating);
  const text = checkedText(input.text, "text", REVIEW_TEXT_MAX);
  const course = await visibleCourse(context, input.courseId, "courseId");
  const refusal = await refusalToRate(context, course);
  if (refusal) throw refusal;
  const userId = context.viewer!.userId;
  const review = await context.db.$transaction(async (tx) => {
    await lockCourse(tx, course.id);
    const existing = await tx.courseReview.findUnique({ where: { userId_courseId: { userId, courseId: course.id } } });
    let saved: ReviewRow;
    if (!existing) {
      saved = await tx.courseReview.create({ data: { courseId: course.id, userId, rating, text } });
    } else if (existing.rating === rating && existing.text === text) {
      return existing;
    } else {
      saved = await tx.courseReview.update({ where: { id: existing.id }, data: { rating, text, edited: true, updatedAt: new Date() } });
    }
    await recountRating(tx, course.id);
    return saved;
  });
  forgetReview(context, review);
  return review;
}

export async function deleteCourseReview(context: Context, courseGlobalId: string): Promise<boolean> {
  const course = await visibleCourse(context, courseGlobalId, "courseId");
  const userId = context.viewer!.userId;
  const deleted = await context.db.$transaction(async (tx) => {
    await lockCourse(tx, course.id);
    const { count } = await tx.courseReview.deleteMany({ where: { userId, courseId: course.id } });
    if (count > 0) await recountRating(tx, course.id);
    return count > 0;
  });
  if (!deleted) throw notFound("Review");
  context.loader(viewerReviewByCourse).clear(course.id);
  return true;
}

/** The review behind a global id argument, for an action: NOT_FOUND when the viewer cannot see it, the action's refusal otherwise. */
async function reviewFor(context: Context, globalId: string, action: (typeof reviewPolicy)[keyof typeof reviewPolicy]): Promise<ReviewRow> {
  const review = await findVisibleReview(context, parseId(globalId, "CourseReview", "reviewId"));
  if (!review || !(await findVisibleCourse(context, review.courseId))) throw notFound("Review");
  return authorize(context, action, review);
}

/** The team's one reply; a second one is refused (editCourseReviewReply changes it). */
export async function replyToCourseReview(context: Context, reviewGlobalId: string, text: string): Promise<ReviewRow> {
  const reply = checkedText(text, "text", REPLY_TEXT_MAX);
  if (!reply) throw badInput({ text: "must not be empty" });
  const review = await reviewFor(context, reviewGlobalId, reviewPolicy.reply);
  const now = new Date();
  // Only where no reply is: of two replies racing, one writes.
  const { count } = await context.db.courseReview.updateMany({
    where: { id: review.id, replyText: null },
    data: { replyText: reply, replyAuthorId: context.viewer!.userId, repliedAt: now, replyUpdatedAt: now },
  });
  if (count === 0) throw conflict("This review has a reply already: edit that reply instead.", { reason: "REVIEW_ALREADY_REPLIED" });
  forgetReview(context, review);
  return (await context.loader(reviewById).load(review.id))!;
}

export async function editCourseReviewReply(context: Context, reviewGlobalId: string, text: string): Promise<ReviewRow> {
  const reply = checkedText(text, "text", REPLY_TEXT_MAX);
  if (!reply) throw badInput({ text: "must not be empty" });
  const review = await reviewFor(context, reviewGlobalId, reviewPolicy.reply);
  const { count } = await context.db.courseReview.updateMany({
    where: { id: review.id, replyText: { not: null } },
    data: { replyText: reply, replyUpdatedAt: new Date() },
  });
  if (count === 0) throw notFound("Reply");
  forgetReview(context, review);
  return (await context.loader(reviewById).load(review.id))!;
}

export async function setCourseReviewHidden(context: Context, reviewGlobalId: string, hidden: boolean, reason: string | null | undefined): Promise<ReviewRow> {
  const why = checkedText(reason, "reason", HIDING_REASON_MAX);
  if (hidden && !why) throw badInput({ reason: "must say why the review is hidden" });
  const review = await reviewFor(context, reviewGlobalId, reviewPolicy.hide);
  const saved = await context.db.$transaction(async (tx) => {
    await lockCourse(tx, review.courseId);
    const updated = await tx.courseReview.update({
      where: { id: review.id },
      data: hidden
        ? { hiddenAt: review.hiddenAt ?? new Date(), hiddenReason: why, hiddenById: context.viewer!.userId }
        : { hiddenAt: null, hiddenReason: null, hiddenById: null },
    });
    await recountRating(tx, review.courseId);
    return updated;
  });
  forgetReview(context, saved);
  return saved;
}

/** Catalog's courseDeletion hook: a deleted course's reviews go with it. */
export async function deleteReviewsOfCourse(tx: Transaction, courseId: string): Promise<void> {
  await tx.courseReview.deleteMany({ where: { courseId } });
}
