import { useApolloClient, useQuery, useSubscription } from "@apollo/client/react";
import { Avatar } from "../../components/Avatar";
import { Badge } from "../../components/Badge";
import { LoadMore } from "../../components/LoadMore";
import { ProgressMeter } from "../../components/ProgressMeter";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { formatCount } from "../../format/count";
import { formatDate } from "../../format/date";
import {
  CourseProgressFeedDocument,
  CourseStudentProgressFragmentDoc,
  CourseStudentsDocument,
  type CourseStudentFragment,
} from "../../gql/graphql";
import { useLoadMore } from "../../hooks/useLoadMore";
import { courseProgressText } from "../../learning/courseProgress";

const PAGE_SIZE = 20;

const ENDED_ENROLLMENT = { REVOKED: "Access revoked", REFUNDED: "Refunded" } as const;

function StudentRow({ student }: { student: CourseStudentFragment }) {
  const name = student.user.profile.displayName;
  const ended = student.status === "REVOKED" || student.status === "REFUNDED" ? ENDED_ENROLLMENT[student.status] : null;
  return (
    <li className="student-row">
      <div className="student-who">
        <Avatar name={name} url={student.user.profile.avatarUrl} />
        <div>
          <p className="student-name">
            {name} {student.progress.completed && <Badge tone="success">Completed</Badge>}
            {ended && <Badge tone="warning">{ended}</Badge>}
          </p>
          <p className="muted">Enrolled on {formatDate(student.enrolledAt)}</p>
        </div>
      </div>
      <ProgressMeter
        label={`Progress of ${name}`}
        hideLabel
        percent={student.progress.percent}
        valueText={courseProgressText(student.progress)}
      />
    </li>
  );
}

/**
 * The course's learners and their progress, for its instructors and admins; updated live over
 * courseProgressFeed: a report moves the learner's bar, a learner not listed yet reloads the list.
 */
export function CourseStudentsPanel({ courseId }: { courseId: string }) {
  const client = useApolloClient();
  const { data, loading, error, refetch, fetchMore } = useQuery(CourseStudentsDocument, {
    variables: { courseId, first: PAGE_SIZE },
    fetchPolicy: "cache-and-network",
  });
  const connection = data?.courseStudents;
  const pagination = useLoadMore(connection?.pageInfo, fetchMore);
  useSubscription(CourseProgressFeedDocument, {
    variables: { courseId },
    onData: ({ data: event }) => {
      const report = event.data?.courseProgressFeed;
      if (!report) return;
      const listed = connection?.edges.find(({ node }) => node.user.id === report.learner.id)?.node;
      if (!listed) {
        void refetch();
        return;
      }
      client.cache.writeFragment({
        id: client.cache.identify(listed),
        fragment: CourseStudentProgressFragmentDoc,
        fragmentName: "CourseStudentProgress",
        data: { __typename: "Enrollment", progress: report.progress },
      });
    },
  });

  return (
    <section className="panel" aria-labelledby="students-heading">
      <div className="editor-section-header">
        <h2 id="students-heading">Students</h2>
        {connection && <span className="muted">{formatCount(connection.totalCount, "learner")}</span>}
      </div>
      {error && !connection ? (
        <ErrorState error={error} title="The students could not be loaded" onRetry={() => void refetch()} />
      ) : loading && !connection ? (
        <LoadingState label="Loading the students…" />
      ) : !connection || connection.edges.length === 0 ? (
        <p className="muted">No one is enrolled yet. Learners appear here, with their progress, as they enroll.</p>
      ) : (
        <>
          <ul className="student-list">
            {connection.edges.map(({ node }) => (
              <StudentRow key={node.id} student={node} />
            ))}
          </ul>
          <LoadMore pagination={pagination} />
        </>
      )}
    </section>
  );
}
