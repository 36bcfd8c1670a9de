import { useQuery, useSubscription } from "@apollo/client/react";
import { Link, useParams } from "react-router";
import { courseAnalyticsPath, coursePath } from "../../app/paths";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { CourseEditorDocument, VideoStatusChangedDocument } from "../../gql/graphql";
import { usePageTitle } from "../../hooks/usePageTitle";
import { CourseCoverPanel } from "./CourseCoverPanel";
import { CourseDetailsForm } from "./CourseDetailsForm";
import { CourseInstructorsPanel } from "./CourseInstructorsPanel";
import { CourseOutlineEditor } from "./CourseOutlineEditor";
import { CoursePublishingPanel } from "./CoursePublishingPanel";
import { CourseSalesTabs } from "./CourseSalesTabs";
import { CourseStudentsPanel } from "./CourseStudentsPanel";

export default function CourseEditorPage() {
  const { courseId = "" } = useParams();
  const { data, loading, error, refetch } = useQuery(CourseEditorDocument, {
    variables: { id: courseId },
  });
  const course = data?.course;
  // Each event is a Video with its id: the cache merges it into the rows that show it.
  useSubscription(VideoStatusChangedDocument, {
    variables: { courseId },
    skip: !course?.viewerCanEdit,
  });
  usePageTitle(course ? `Edit ${course.title}` : "Edit course");

  if (loading && !data) return <LoadingState label="Loading the course…" />;
  if (error && !data) {
    return (
      <ErrorState error={error} title="The course could not be loaded" onRetry={() => void refetch()} />
    );
  }
  if (!course || !course.viewerCanEdit) {
    return (
      <section className="page page-narrow status-page">
        <h1>{course ? "You cannot edit this course" : "Course not found"}</h1>
        <p>
          Only its instructors and administrators may edit a course.{" "}
          <Link to="/teach/courses">Back to your courses</Link>
        </p>
      </section>
    );
  }

  return (
    <section className="page page-editor">
      <div className="page-heading">
        <h1>{course.title}</h1>
        <div className="page-heading-links">
          <Link to={courseAnalyticsPath(course.id)}>Analytics</Link>
          <Link to={coursePath(course.slug)}>View the course page</Link>
        </div>
      </div>
      <CoursePublishingPanel course={course} />
      <CourseDetailsForm key={course.id} course={course} />
      <CourseCoverPanel course={course} />
      <CourseOutlineEditor course={course} />
      <CourseInstructorsPanel course={course} />
      {course.viewerCanManage ? (
        <CourseSalesTabs courseId={course.id} currency={course.currency} />
      ) : (
        <CourseStudentsPanel courseId={course.id} />
      )}
    </section>
  );
}
