// Reviews' operations, and its fields on catalog's Course (federation-style: catalog does not know them).
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { MultilineTextArgs } from "../../platform/input-text.ts";
import { PageArgs } from "../../platform/pagination.ts";
import { may } from "../../platform/policy.ts";
import { averageRating, Course, type CourseRow } from "../catalog/index.ts";
import { findUser, User } from "../identity/index.ts";
import { listCourseReviews } from "./review-list.service.ts";
import { ratingDistributionByCourse, viewerReviewByCourse, type ReviewRow } from "./review.loaders.ts";
import { reviewPolicy } from "./review.policy.ts";
import * as reviews from "./review.service.ts";
import { CourseRating, CourseReview, CourseReviewConnection, CourseReviewOrder, CourseReviewReply, UpsertCourseReviewInput } from "./review.type.ts";

/** What CourseRating's resolvers read: the catalog's totals and the course they are of. */
interface RatingSource {
  courseId: string;
  average: number | null;
  count: number;
}

/** What CourseReviewReply's resolvers read. */
interface ReplySource extends CourseReviewReply {
  authorId: string | null;
}

@Resolver(() => CourseReview)
export class CourseReviewResolver {
  @Mutation(() => CourseReview, {
    description:
      "Rates the course (and reviews it) as an enrolled learner who has watched some of it; the learner's one review, changed when they rate again.",
  })
  upsertCourseReview(@Arg("input", () => UpsertCourseReviewInput) input: UpsertCourseReviewInput, @Ctx() context: Context) {
    return reviews.upsertCourseReview(context, input);
  }

  @Mutation(() => Boolean, { description: "Deletes the viewer's own review of the course." })
  deleteCourseReview(@Arg("courseId", () => ID) courseId: string, @Ctx() context: Context) {
    return reviews.deleteCourseReview(context, courseId);
  }

  @Mutation(() => CourseReview, { description: "The course team's one public reply (owner or co-instructor); editCourseReviewReply changes it." })
  @MultilineTextArgs("text")
  replyToCourseReview(@Arg("reviewId", () => ID) reviewId: string, @Arg("text", () => String) text: string, @Ctx() context: Context) {
    return reviews.replyToCourseReview(context, reviewId, text);
  }

  @Mutation(() => CourseReview)
  @MultilineTextArgs("text")
  editCourseReviewReply(@Arg("reviewId", () => ID) reviewId: string, @Arg("text", () => String) text: string, @Ctx() context: Context) {
    return reviews.editCourseReviewReply(context, reviewId, text);
  }

  @Mutation(() => CourseReview, { description: "Admins: takes an abusive review out of the public list and the rating (reason required), or puts it back." })
  setCourseReviewHidden(
    @Arg("reviewId", () => ID) reviewId: string,
    @Arg("hidden", () => Boolean) hidden: boolean,
    @Arg("reason", () => String, { nullable: true }) reason: string | null,
    @Ctx() context: Context,
  ) {
    return reviews.setCourseReviewHidden(context, reviewId, hidden, reason);
  }

  @FieldResolver(() => User, { nullable: true, description: "The reviewer's public profile." })
  author(@Root() review: ReviewRow, @Ctx() context: Context) {
    return findUser(context, review.userId);
  }

  @FieldResolver(() => CourseReviewReply, { nullable: true })
  reply(@Root() review: ReviewRow): ReplySource | null {
    if (review.replyText === null || !review.repliedAt) return null;
    const updatedAt = review.replyUpdatedAt ?? review.repliedAt;
    return { text: review.replyText, createdAt: review.repliedAt, updatedAt, edited: updatedAt > review.repliedAt, authorId: review.replyAuthorId };
  }

  @FieldResolver(() => Boolean, { description: "Hidden by an admin: shown only to its author and admins." })
  hidden(@Root() review: ReviewRow) {
    return review.hiddenAt !== null;
  }

  @FieldResolver(() => String, { nullable: true, description: "Why an admin hid it: for its author and admins." })
  async hiddenReason(@Root() review: ReviewRow, @Ctx() context: Context) {
    return review.hiddenAt && (await may(context, reviewPolicy.seeHiding, review)) ? review.hiddenReason : null;
  }

  @FieldResolver(() => Boolean, { description: "Whether the viewer may reply to it: the course's owner and co-instructors." })
  viewerCanReply(@Root() review: ReviewRow, @Ctx() context: Context) {
    return may(context, reviewPolicy.reply, review);
  }
}

@Resolver(() => CourseReviewReply)
export class CourseReviewReplyResolver {
  @FieldResolver(() => User, { nullable: true, description: "Who replied for the course." })
  author(@Root() reply: ReplySource, @Ctx() context: Context) {
    return reply.authorId ? findUser(context, reply.authorId) : null;
  }
}

@Resolver(() => CourseRating)
export class CourseRatingResolver {
  @FieldResolver(() => [Int])
  distribution(@Root() rating: RatingSource, @Ctx() context: Context) {
    return context.loader(ratingDistributionByCourse).load(rating.courseId);
  }
}

@Resolver(() => Course)
export class CourseReviewsResolver {
  @FieldResolver(() => CourseRating, { description: "Its visible reviews' ratings." })
  rating(@Root() course: CourseRow): RatingSource {
    return { courseId: course.id, average: averageRating(course), count: course.ratingCount };
  }

  @FieldResolver(() => CourseReviewConnection, { description: "Visible reviews (admins see hidden ones too, marked)." })
  reviews(
    @Root() course: CourseRow,
    @Args(() => PageArgs) page: PageArgs,
    @Arg("orderBy", () => CourseReviewOrder, { nullable: true }) orderBy: CourseReviewOrder | null,
    @Ctx() context: Context,
  ) {
    return listCourseReviews(context, course, page, orderBy);
  }

  @FieldResolver(() => CourseReview, { nullable: true, description: "The viewer's own review, hidden or not; null when they have none." })
  viewerReview(@Root() course: CourseRow, @Ctx() context: Context) {
    return context.loader(viewerReviewByCourse).load(course.id);
  }

  @FieldResolver(() => Boolean, { description: "Whether the viewer may rate the course now (enrolled, and has watched enough of it)." })
  async viewerCanReview(@Root() course: CourseRow, @Ctx() context: Context) {
    return context.viewer ? (await reviews.refusalToRate(context, course)) === null : false;
  }
}
