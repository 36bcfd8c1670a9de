import { ratingSentence, ratingStars } from "../../format/rating";

interface RatingSummaryProps {
  rating: { average?: number | null; count: number; distribution?: readonly number[] };
  /** Cards show the stars and numbers only; the course page adds the distribution. */
  compact?: boolean;
}

/** Stars as text for the eye, the full sentence for screen readers. */
export function RatingSummary({ rating, compact = false }: RatingSummaryProps) {
  const sentence = ratingSentence(rating.average, rating.count);
  const className = compact ? "rating-summary rating-summary-compact" : "rating-summary";
  if (rating.average == null || rating.count === 0) {
    return <p className={`${className} muted`}>{sentence}</p>;
  }
  const distribution = rating.distribution;
  return (
    <div className={className}>
      <p role="img" aria-label={sentence} className="rating-line">
        <span className="rating-stars" aria-hidden="true">
          {ratingStars(rating.average)}
        </span>{" "}
        <span aria-hidden="true">
          {rating.average.toFixed(1)} ({rating.count})
        </span>
      </p>
      {!compact && distribution && (
        <dl className="rating-distribution" aria-label="How learners rated it">
          {[5, 4, 3, 2, 1].map((stars) => {
            const count = distribution[stars - 1] ?? 0;
            const percent = rating.count > 0 ? Math.round((count / rating.count) * 100) : 0;
            return (
              <div key={stars} className="rating-distribution-row">
                <dt>{stars} {stars === 1 ? "star" : "stars"}</dt>
                <dd>
                  <span className="rating-bar" aria-hidden="true">
                    <span className="rating-bar-fill" style={{ width: `${percent}%` }} />
                  </span>
                  <span>{count}</span>
                </dd>
              </div>
            );
          })}
        </dl>
      )}
    </div>
  );
}
