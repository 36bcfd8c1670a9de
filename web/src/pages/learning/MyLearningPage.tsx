import { useQuery, useSubscription } from "@apollo/client/react";
import { Link } from "react-router";
import { coursePath, learnPath } from "../../app/paths";
import { useSession } from "../../auth/useSession";
import { Badge } from "../../components/Badge";
import { LoadMore } from "../../components/LoadMore";
import { ProgressMeter } from "../../components/ProgressMeter";
import { EmptyState } from "../../components/states/EmptyState";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { formatDate } from "../../format/date";
import { MyEnrollmentsDocument, MyLearningUpdatedDocument, type MyEnrollmentFragment } from "../../gql/graphql";
import { useLoadMore } from "../../hooks/useLoadMore";
import { usePageTitle } from "../../hooks/usePageTitle";
import { courseProgressText, hasStarted } from "../../learning/courseProgress";
import { useProgressDelivery } from "../../learning/useProgressReports";
import { CourseCertificate } from "./CourseCertificate";

const PAGE_SIZE = 20;

function EnrollmentCard({ enrollment }: { enrollment: MyEnrollmentFragment }) {
  const { course } = enrollment;
  const progress = course.viewerProgress;
  return (
    <li className="list-card learning-card">
      {course.thumbnailUrl ? (
        <img className="learning-card-thumb" src={course.thumbnailUrl} alt="" loading="lazy" />
      ) : (
        <span className="learning-card-thumb learning-card-thumb-empty" aria-hidden="true" />
      )}
      <div className="list-card-main learning-card-main">
        <h2 className="list-card-title">
          <Link to={coursePath(course.slug)}>{course.title}</Link>{" "}
          {progress?.completed && <Badge tone="success">Completed</Badge>}
        </h2>
        {course.subtitle && <p className="muted">{course.subtitle}</p>}
        {progress ? (
          <>
            <ProgressMeter
              label={`Your progress in ${course.title}`}
              hideLabel
              percent={progress.percent}
              valueText={courseProgressText(progress)}
            />
            {progress.completed && progress.completedAt && (
              <p className="muted">Completed on {formatDate(progress.completedAt)}.</p>
            )}
            {progress.completed && <CourseCertificate courseId={course.id} courseTitle={course.title} />}
          </>
        ) : (
          <p className="muted">Your access to this course has ended.</p>
        )}
      </div>
      {progress && (
        <Link
          to={learnPath(course.id, progress.resumeVideo?.id)}
          className={progress.completed ? "button button-secondary" : "button button-primary"}
        >
          {progress.completed ? "Watch again" : hasStarted(progress) ? "Continue" : "Start"}
          <span className="visually-hidden"> {course.title}</span>
        </Link>
      )}
    </li>
  );
}

export default function MyLearningPage() {
  usePageTitle("My learning");
  const { user } = useSession();
  const { data, loading, error, refetch, fetchMore } = useQuery(MyEnrollmentsDocument, {
    variables: { first: PAGE_SIZE },
    fetchPolicy: "cache-and-network",
  });
  // Progress made on another device: each event's course lands in the cache by id.
  useSubscription(MyLearningUpdatedDocument);
  useProgressDelivery(user?.id);
  const connection = data?.myEnrollments;
  const pagination = useLoadMore(connection?.pageInfo, fetchMore);

  return (
    <section className="page">
      <div className="page-heading">
        <h1>My learning</h1>
      </div>
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
            {connection.edges.map(({ node }) => (
              <EnrollmentCard key={node.id} enrollment={node} />
            ))}
          </ul>
          <LoadMore pagination={pagination} />
        </>
      )}
    </section>
  );
}
