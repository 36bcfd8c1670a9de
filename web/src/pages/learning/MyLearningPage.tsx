import { useQuery } from "@apollo/client/react";
import { Link } from "react-router";
import { coursePath } from "../../app/paths";
import { Badge } from "../../components/Badge";
import { LoadMore } from "../../components/LoadMore";
import { EmptyState } from "../../components/states/EmptyState";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { formatDate } from "../../format/date";
import { MyEnrollmentsDocument } from "../../gql/graphql";
import { useLoadMore } from "../../hooks/useLoadMore";
import { usePageTitle } from "../../hooks/usePageTitle";

const PAGE_SIZE = 20;

export default function MyLearningPage() {
  usePageTitle("My learning");
  const { data, loading, error, refetch, fetchMore } = useQuery(MyEnrollmentsDocument, {
    variables: { first: PAGE_SIZE },
    fetchPolicy: "cache-and-network",
  });
  const connection = data?.myEnrollments;
  const pagination = useLoadMore(connection?.pageInfo, fetchMore);

  return (
    <section className="page">
      <h1>My learning</h1>
      {error && !connection ? (
        <ErrorState error={error} title="Your courses could not be loaded" onRetry={() => void refetch()} />
      ) : loading && !connection ? (
        <LoadingState label="Loading your courses…" />
      ) : !connection || connection.edges.length === 0 ? (
        <EmptyState title="You are not enrolled in any course yet">
          <Link to="/courses" className="button button-primary">
            Browse the courses
          </Link>
        </EmptyState>
      ) : (
        <>
          <ul className="stack-list">
            {connection.edges.map(({ node: enrollment }) => (
              <li key={enrollment.id} className="list-card">
                <div className="list-card-main">
                  <h2 className="list-card-title">
                    <Link to={coursePath(enrollment.course.slug)}>
                      {enrollment.course.title}
                    </Link>
                  </h2>
                  <p className="muted">Enrolled {formatDate(enrollment.enrolledAt)}</p>
                </div>
                <div className="progress-summary">
                  {enrollment.progress.completed ? (
                    <Badge tone="success">Completed</Badge>
                  ) : (
                    <>
                      <progress
                        max={100}
                        value={enrollment.progress.percent}
                        aria-label={`Progress in ${enrollment.course.title}`}
                      />
                      <span>{Math.round(enrollment.progress.percent)}%</span>
                    </>
                  )}
                </div>
              </li>
            ))}
          </ul>
          <LoadMore pagination={pagination} />
        </>
      )}
    </section>
  );
}
