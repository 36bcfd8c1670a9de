import { useQuery } from "@apollo/client/react";
import { LoadMore } from "../../components/LoadMore";
import { ErrorState } from "../../components/states/ErrorState";
import { formatDateTime } from "../../format/date";
import { MySupportViewsDocument } from "../../gql/graphql";
import { useLoadMore } from "../../hooks/useLoadMore";

const PAGE_SIZE = 10;

/** Every time an admin saw the site as this account, with their name and reason: the account's own audit log. */
export function SupportViewLog() {
  const { data, error, refetch, fetchMore } = useQuery(MySupportViewsDocument, { variables: { first: PAGE_SIZE } });
  const connection = data?.mySupportViews;
  const pagination = useLoadMore(connection?.pageInfo, fetchMore);

  return (
    <section className="profile-section" aria-labelledby="support-log-heading">
      <h2 id="support-log-heading">Support access to your account</h2>
      <p className="muted">
        To help with a problem, an administrator may see the site as you do, without being able to change anything. Each time
        is listed here.
      </p>
      {error && !data ? (
        <ErrorState error={error} title="The list could not be loaded" onRetry={() => void refetch()} />
      ) : !connection ? null : connection.edges.length === 0 ? (
        <p>No administrator has seen your account.</p>
      ) : (
        <>
          <ul className="support-log">
            {connection.edges.map(({ node: view }) => (
              <li key={view.id}>
                <strong>{view.admin.profile.displayName}</strong> saw your account on {formatDateTime(view.startedAt)}
                {view.active ? " and still does." : `, until ${formatDateTime(view.endedAt ?? view.expiresAt)}.`}
                <p>Reason given: {view.reason}</p>
              </li>
            ))}
          </ul>
          <LoadMore pagination={pagination} />
        </>
      )}
    </section>
  );
}
