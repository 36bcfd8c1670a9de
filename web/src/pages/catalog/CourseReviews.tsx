import { useQuery } from "@apollo/client/react";
import { useSession } from "../../auth/useSession";
import { Avatar } from "../../components/Avatar";
import { Badge } from "../../components/Badge";
import { LoadMore } from "../../components/LoadMore";
import { EmptyState } from "../../components/states/EmptyState";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { formatDate } from "../../format/date";
import { ratingStars } from "../../format/rating";
import { CourseReviewsDocument, type CourseReviewItemFragment } from "../../gql/graphql";
import { useLoadMore } from "../../hooks/useLoadMore";
import { RateCourseForm } from "./RateCourseForm";
import { RatingSummary } from "./RatingSummary";
import { HideReviewControls, ReplyForm } from "./ReviewModeration";

const PAGE_SIZE = 5;

/** A course's rating, the viewer's own review form when they may rate it, and its reviews with "Load more". */
export function CourseReviews({ courseId }: { courseId: string }) {
  const session = useSession();
  const { data, loading, error, refetch, fetchMore } = useQuery(CourseReviewsDocument, {
    variables: { courseId, first: PAGE_SIZE },
    // The session decides what is shown (the viewer's review, reply and hide controls).
    fetchPolicy: "cache-and-network",
  });
  const course = data?.course;
  const pagination = useLoadMore(course?.reviews.pageInfo, fetchMore);
  const isAdmin = session.status === "signedIn" && session.user.role === "ADMIN";

  if (loading && !data) return <LoadingState label="Loading the reviews…" />;
  if (error && !data) return <ErrorState error={error} title="The reviews could not be loaded" onRetry={() => void refetch()} />;
  if (!course) return null;

  const reviews = course.reviews.edges.map((edge) => edge.node);
  return (
    <div className="course-reviews">
      <RatingSummary rating={course.rating} />
      {(course.viewerCanReview || course.viewerReview) && (
        <RateCourseForm courseId={course.id} review={course.viewerReview ?? null} />
      )}
      {reviews.length === 0 ? (
        <EmptyState title="No reviews yet." />
      ) : (
        <ol className="review-list" aria-label="Reviews">
          {reviews.map((review) => (
            <li key={review.id}>
              <ReviewItem review={review} isAdmin={isAdmin} />
            </li>
          ))}
        </ol>
      )}
      <LoadMore pagination={pagination} />
    </div>
  );
}

function ReviewItem({ review, isAdmin }: { review: CourseReviewItemFragment; isAdmin: boolean }) {
  const name = review.author?.profile.displayName ?? "A former learner";
  return (
    <article className={review.hidden ? "review review-hidden" : "review"} aria-label={`Review by ${name}`}>
      <header className="review-header">
        <Avatar name={name} url={review.author?.profile.avatarUrl ?? null} />
        <div>
          <p className="review-author">{name}</p>
          <p className="muted">
            <span role="img" aria-label={`${review.rating} out of 5 stars`} className="rating-stars">
              {ratingStars(review.rating)}
            </span>{" "}
            · {formatDate(review.createdAt)}
            {review.edited && " · edited"}
          </p>
        </div>
        {review.hidden && <Badge tone="warning">Hidden</Badge>}
      </header>
      {review.text && <p className="review-text prose">{review.text}</p>}
      {review.reply && (
        <blockquote className="review-reply">
          <p className="review-author">
            Reply from {review.reply.author?.profile.displayName ?? "the instructor"}
            {review.reply.edited && <span className="muted"> · edited</span>}
          </p>
          <p className="prose">{review.reply.text}</p>
        </blockquote>
      )}
      {review.viewerCanReply && <ReplyForm review={review} />}
      {isAdmin && <HideReviewControls review={review} />}
    </article>
  );
}

