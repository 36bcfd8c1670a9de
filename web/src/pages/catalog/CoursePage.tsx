import { useQuery } from "@apollo/client/react";
import { Link, useParams } from "react-router";
import { courseEditorPath } from "../../app/paths";
import { Badge } from "../../components/Badge";
import { EmptyState } from "../../components/states/EmptyState";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { formatCount } from "../../format/count";
import { formatLongDuration } from "../../format/duration";
import { formatPrice } from "../../format/price";
import { CourseBySlugDocument } from "../../gql/graphql";
import { usePageTitle } from "../../hooks/usePageTitle";
import { CourseOutline } from "./CourseOutline";
import { TagList } from "./TagList";

export default function CoursePage() {
  const { slug = "" } = useParams();
  const { data, loading, error, refetch } = useQuery(CourseBySlugDocument, {
    variables: { slug },
  });
  const course = data?.course;
  usePageTitle(course?.title ?? "Course");

  if (loading && !data) return <LoadingState label="Loading the course…" />;
  if (error && !data) {
    return (
      <ErrorState error={error} title="The course could not be loaded" onRetry={() => void refetch()} />
    );
  }
  if (!course) {
    return (
      <EmptyState title="Course not found">
        <p>
          It may have been unpublished or renamed. <Link to="/courses">Browse the courses</Link>
        </p>
      </EmptyState>
    );
  }

  return (
    <article className="page course-page">
      <header className="course-hero">
        <div>
          {course.status !== "PUBLISHED" && <Badge tone="warning">{course.status.toLowerCase()}</Badge>}
          <h1>{course.title}</h1>
          {course.subtitle && <p className="lead">{course.subtitle}</p>}
          <p className="muted">
            By {course.instructors.map((instructor) => instructor.profile.displayName).join(", ")}
          </p>
          <ul className="course-facts" aria-label="Course facts">
            <li>{course.isFree ? "Free" : formatPrice(course.priceCents, course.currency)}</li>
            <li>{formatCount(course.videoCount, "video")}</li>
            <li>{formatLongDuration(course.totalDurationSeconds)} in total</li>
          </ul>
          {course.viewerCanEdit && (
            <p>
              You can edit this course. <Link to={courseEditorPath(course.id)}>Open the editor</Link>
            </p>
          )}
        </div>
        {course.thumbnailUrl && <img className="course-hero-image" src={course.thumbnailUrl} alt="" />}
      </header>
      <section aria-labelledby="about-heading">
        <h2 id="about-heading">About this course</h2>
        <p className="prose">{course.description}</p>
        <TagList tags={course.tags} />
      </section>
      <section aria-labelledby="outline-heading">
        <h2 id="outline-heading">Course content</h2>
        <CourseOutline course={course} />
      </section>
    </article>
  );
}
