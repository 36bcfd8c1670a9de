import { useQuery } from "@apollo/client/react";
import { Link, useParams } from "react-router";
import { coursePath } from "../../app/paths";
import { EmptyState } from "../../components/states/EmptyState";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { CourseEditorDocument } from "../../gql/graphql";
import { usePageTitle } from "../../hooks/usePageTitle";
import { CourseDetailsForm } from "./CourseDetailsForm";
import { CourseOutlineEditor } from "./CourseOutlineEditor";
import { CoursePublishingPanel } from "./CoursePublishingPanel";

export default function CourseEditorPage() {
  const { courseId = "" } = useParams();
  const { data, loading, error, refetch } = useQuery(CourseEditorDocument, {
    variables: { id: courseId },
  });
  const course = data?.course;
  usePageTitle(course ? `Edit ${course.title}` : "Edit course");

  if (loading && !data) return <LoadingState label="Loading the course…" />;
  if (error && !data) {
    return (
      <ErrorState error={error} title="The course could not be loaded" onRetry={() => void refetch()} />
    );
  }
  if (!course || !course.viewerCanEdit) {
    return (
      <EmptyState title={course ? "You cannot edit this course" : "Course not found"}>
        <p>
          Only its instructors and administrators may edit a course.{" "}
          <Link to="/teach/courses">Back to your courses</Link>
        </p>
      </EmptyState>
    );
  }

  return (
    <section className="page page-editor">
      <div className="page-heading">
        <h1>{course.title}</h1>
        <Link to={coursePath(course.slug)}>View the course page</Link>
      </div>
      <CoursePublishingPanel course={course} />
      <CourseDetailsForm key={course.id} course={course} />
      <CourseOutlineEditor course={course} />
    </section>
  );
}
