import { Link } from "react-router";
import { coursePath } from "../../app/paths";
import { formatCount } from "../../format/count";
import { formatTotalDuration } from "../../format/duration";
import { formatPrice } from "../../format/price";
import type { CourseCardFragment } from "../../gql/graphql";
import { RatingSummary } from "./RatingSummary";
import { TagList } from "./TagList";

export function CourseCard({ course }: { course: CourseCardFragment }) {
  return (
    <article className="course-card">
      {course.thumbnailUrl ? (
        <img className="course-card-thumb" src={course.thumbnailUrl} alt="" loading="lazy" />
      ) : (
        <div className="course-card-thumb course-card-thumb-empty" aria-hidden="true" />
      )}
      <div className="course-card-body">
        <h2 className="course-card-title">
          <Link to={coursePath(course.slug)} className="card-link">
            {course.title}
          </Link>
        </h2>
        {course.subtitle && <p className="course-card-subtitle">{course.subtitle}</p>}
        <p className="course-card-meta">
          {course.owner.profile.displayName} · {formatCount(course.videoCount, "video")} ·{" "}
          {formatTotalDuration(course.totalDurationSeconds)}
        </p>
        <RatingSummary rating={course.rating} compact />
        <p className="course-card-price">
          {course.isFree ? "Free" : formatPrice(course.priceCents, course.currency)}
        </p>
        <TagList tags={course.tags} />
      </div>
    </article>
  );
}
