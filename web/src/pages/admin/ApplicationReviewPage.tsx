import { useQuery } from "@apollo/client/react";
import { useSearchParams } from "react-router";
import { SelectField } from "../../components/forms/SelectField";
import { LoadMore } from "../../components/LoadMore";
import { EmptyState } from "../../components/states/EmptyState";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { formatCount } from "../../format/count";
import {
  InstructorApplicationsDocument,
  type InstructorApplicationStatus,
} from "../../gql/graphql";
import { useLoadMore } from "../../hooks/useLoadMore";
import { usePageTitle } from "../../hooks/usePageTitle";
import { ApplicationReviewCard } from "./ApplicationReviewCard";
import { APPLICATION_STATUS_PRESENTATION } from "./applicationStatus";

const PAGE_SIZE = 20;
const ALL = "ALL";

const STATUS_OPTIONS = [
  ...(Object.keys(APPLICATION_STATUS_PRESENTATION) as InstructorApplicationStatus[]).map(
    (status) => ({ value: status, label: APPLICATION_STATUS_PRESENTATION[status].label }),
  ),
  { value: ALL, label: "All" },
];

/** Pending applications are the work to do, so they are what opens first. */
function statusFrom(params: URLSearchParams): InstructorApplicationStatus | undefined {
  const status = params.get("status");
  if (status === ALL) return undefined;
  return status && status in APPLICATION_STATUS_PRESENTATION
    ? (status as InstructorApplicationStatus)
    : "PENDING";
}

export default function ApplicationReviewPage() {
  usePageTitle("Instructor applications");
  const [searchParams, setSearchParams] = useSearchParams();
  const status = statusFrom(searchParams);
  const { data, loading, error, refetch, fetchMore } = useQuery(InstructorApplicationsDocument, {
    variables: { first: PAGE_SIZE, status },
    fetchPolicy: "cache-and-network",
  });
  const connection = data?.instructorApplications;
  const pagination = useLoadMore(connection?.pageInfo, fetchMore);

  return (
    <section className="page">
      <h1>Instructor applications</h1>
      <div className="toolbar">
        <SelectField
          label="Show"
          options={STATUS_OPTIONS}
          value={status ?? ALL}
          onChange={(event) => setSearchParams({ status: event.target.value }, { replace: true })}
        />
        {connection && (
          <p className="muted" role="status">
            {formatCount(connection.totalCount, "application")}
          </p>
        )}
      </div>
      {error && !connection ? (
        <ErrorState
          error={error}
          title="Applications could not be loaded"
          onRetry={() => void refetch()}
        />
      ) : loading && !connection ? (
        <LoadingState label="Loading applications…" />
      ) : !connection || connection.edges.length === 0 ? (
        <EmptyState
          title={status === "PENDING" ? "No application is waiting for review" : "No applications"}
        />
      ) : (
        <>
          <ul className="stack-list">
            {connection.edges.map(({ node }) => (
              <li key={node.id}>
                <ApplicationReviewCard application={node} />
              </li>
            ))}
          </ul>
          <LoadMore pagination={pagination} />
        </>
      )}
    </section>
  );
}
