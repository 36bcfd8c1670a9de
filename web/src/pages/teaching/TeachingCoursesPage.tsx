import { useQuery } from "@apollo/client/react";
import { Link, useSearchParams } from "react-router";
import { courseAnalyticsPath, courseEditorPath, coursePath } from "../../app/paths";
import { Badge } from "../../components/Badge";
import { SelectField } from "../../components/forms/SelectField";
import { LoadMore } from "../../components/LoadMore";
import { EmptyState } from "../../components/states/EmptyState";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { formatCount } from "../../format/count";
import { formatDate } from "../../format/date";
import { TeachingCoursesDocument, type CourseStatus } from "../../gql/graphql";
import { useLoadMore } from "../../hooks/useLoadMore";
import { usePageTitle } from "../../hooks/usePageTitle";
import { COURSE_STATUS_PRESENTATION } from "./courseStatus";

const PAGE_SIZE = 20;

const STATUS_OPTIONS = [
  { value: "", label: "All courses" },
  ...(Object.keys(COURSE_STATUS_PRESENTATION) as CourseStatus[]).map((status) => ({
    value: status,
    label: COURSE_STATUS_PRESENTATION[status].label,
  })),
];

function statusFrom(params: URLSearchParams): CourseStatus | undefined {
  const status = params.get("status");
  return status && status in COURSE_STATUS_PRESENTATION ? (status as CourseStatus) : undefined;
}

export default function TeachingCoursesPage() {
  usePageTitle("Your courses");
  const [searchParams, setSearchParams] = useSearchParams();
  const status = statusFrom(searchParams);
  const { data, loading, error, refetch, fetchMore } = useQuery(TeachingCoursesDocument, {
    variables: { first: PAGE_SIZE, status },
    fetchPolicy: "cache-and-network",
  });
  const connection = data?.teachingCourses;
  const pagination = useLoadMore(connection?.pageInfo, fetchMore);

  return (
    <section className="page">
      <div className="page-heading">
        <h1>Your courses</h1>
        <Link to="/teach/courses/new" className="button button-primary">
          New course
        </Link>
      </div>
      <div className="toolbar">
        <SelectField
          label="Show"
          options={STATUS_OPTIONS}
          value={status ?? ""}
          onChange={(event) =>
            setSearchParams(event.target.value ? { status: event.target.value } : {}, {
              replace: true,
            })
          }
        />
      </div>
      {error && !connection ? (
        <ErrorState error={error} title="Your courses could not be loaded" onRetry={() => void refetch()} />
      ) : loading && !connection ? (
        <LoadingState label="Loading your courses…" />
      ) : !connection || connection.edges.length === 0 ? (
        <EmptyState title={status ? "No course with this status" : "You have no courses yet"}>
          {!status && (
            <Link to="/teach/courses/new" className="button button-primary">
              Create your first course
            </Link>
          )}
        </EmptyState>
      ) : (
        <>
          <ul className="stack-list">
            {connection.edges.map(({ node: course }) => {
              const presentation = COURSE_STATUS_PRESENTATION[course.status];
              return (
                <li key={course.id} className="list-card">
                  <div className="list-card-main">
                    <h2 className="list-card-title">
                      <Link to={coursePath(course.slug)}>{course.title}</Link>{" "}
                      <Badge tone={presentation.tone}>{presentation.label}</Badge>
                    </h2>
                    <p className="muted">
                      {formatCount(course.videoCount, "video")} ·{" "}
                      updated{" "}
                      {formatDate(course.updatedAt)}
                    </p>
                  </div>
                  <div className="list-card-actions">
                    <Link to={courseAnalyticsPath(course.id)} className="button button-ghost">
                      Analytics<span className="visually-hidden"> of {course.title}</span>
                    </Link>
                    <Link to={courseEditorPath(course.id)} className="button button-secondary">
                      Edit<span className="visually-hidden"> {course.title}</span>
                    </Link>
                  </div>
                </li>
              );
            })}
          </ul>
          <LoadMore pagination={pagination} />
        </>
      )}
    </section>
  );
}
