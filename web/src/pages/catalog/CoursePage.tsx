import { useQuery } from "@apollo/client/react";
import { useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { courseEditorPath, learnPath } from "../../app/paths";
import { Badge } from "../../components/Badge";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { formatCount } from "../../format/count";
import { formatTotalDuration } from "../../format/duration";
import { formatPrice } from "../../format/price";
import { CourseBySlugDocument } from "../../gql/graphql";
import { usePageTitle } from "../../hooks/usePageTitle";
import { CourseEnrollment } from "./CourseEnrollment";
import { CourseOutline, outlinePartsOf } from "./CourseOutline";
import { CourseReviews } from "./CourseReviews";
import { RatingSummary } from "./RatingSummary";
import { isPlayable, PreviewPlayer } from "./PreviewPlayer";
import { TagList } from "./TagList";

export default function CoursePage() {
  const { slug = "" } = useParams();
  const { data, loading, error, refetch } = useQuery(CourseBySlugDocument, {
    variables: { slug },
  });
  const course = data?.course;
  usePageTitle(course?.title ?? "Course");
  const [chosenVideoId, setChosenVideoId] = useState<string | null>(null);
  const [playRequests, setPlayRequests] = useState(0);
  const playerRef = useRef<HTMLElement>(null);
  const navigate = useNavigate();

  if (loading && !data) return <LoadingState label="Loading the course…" />;
  if (error && !data) {
    return (
      <ErrorState error={error} title="The course could not be loaded" onRetry={() => void refetch()} />
    );
  }
  if (!course) {
    return (
      <section className="page page-narrow status-page">
        <h1>Course not found</h1>
        <p>
          It may have been unpublished or renamed. <Link to="/courses">Browse the courses</Link>
        </p>
      </section>
    );
  }

  const playable = outlinePartsOf(course).flatMap((part) => part.videos).filter(isPlayable);
  // Learners watch in the player, which keeps their progress; others watch the free previews here.
  const learning = course.viewerIsEnrolled;
  const playing = learning ? undefined : (playable.find((video) => video.id === chosenVideoId) ?? playable[0]);
  const play = (videoId: string) => {
    if (learning) {
      void navigate(learnPath(course.id, videoId));
      return;
    }
    setChosenVideoId(videoId);
    setPlayRequests((count) => count + 1);
    playerRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
    playerRef.current?.querySelector("video")?.focus();
  };

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
          <RatingSummary rating={course.rating} compact />
          <ul className="course-facts" aria-label="Course facts">
            <li>{course.isFree ? "Free" : formatPrice(course.priceCents, course.currency)}</li>
            <li>{formatCount(course.videoCount, "video")}</li>
            {course.totalDurationSeconds > 0 && (
              <li>{formatTotalDuration(course.totalDurationSeconds)} in total</li>
            )}
          </ul>
          {course.viewerCanEdit ? (
            // Its team teaches it: buying or enrolling in it is for learners.
            <p>
              You can edit this course; learners {course.isFree ? "enroll" : "buy it"} here.{" "}
              <Link to={courseEditorPath(course.id)}>Open the editor</Link>
            </p>
          ) : (
            <CourseEnrollment course={course} />
          )}
        </div>
        {course.thumbnailUrl && <img className="course-hero-image" src={course.thumbnailUrl} alt="" />}
      </header>
      {playing && (
        <section ref={playerRef} aria-labelledby="preview-heading">
          <h2 id="preview-heading">Preview</h2>
          <PreviewPlayer video={playing} playRequests={playRequests} />
        </section>
      )}
      <section aria-labelledby="about-heading">
        <h2 id="about-heading">About this course</h2>
        <p className="prose">{course.description}</p>
        <TagList tags={course.tags} />
      </section>
      <section aria-labelledby="outline-heading">
        <h2 id="outline-heading">Course content</h2>
        <CourseOutline course={course} onPlay={play} />
      </section>
      <section aria-labelledby="reviews-heading">
        <h2 id="reviews-heading">Reviews</h2>
        <CourseReviews courseId={course.id} />
      </section>
    </article>
  );
}
