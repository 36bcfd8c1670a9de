import { useQuery } from "@apollo/client/react";
import { Link } from "react-router";
import { LoadMore } from "../../components/LoadMore";
import { EmptyState } from "../../components/states/EmptyState";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { formatCount } from "../../format/count";
import { MyPaymentsDocument } from "../../gql/graphql";
import { useLoadMore } from "../../hooks/useLoadMore";
import { usePageTitle } from "../../hooks/usePageTitle";
import { PaymentReceipt } from "./PaymentReceipt";
import { purchasePath } from "../../app/paths";
import { isOpenPayment } from "./paymentStatus";

const PAGE_SIZE = 10;

/** The signed-in person's payments, the newest first, each as a receipt. */
export default function PurchasesPage() {
  usePageTitle("Purchases");
  const { data, loading, error, refetch, fetchMore } = useQuery(MyPaymentsDocument, {
    variables: { first: PAGE_SIZE },
    fetchPolicy: "cache-and-network",
  });
  const connection = data?.myPayments;
  const pagination = useLoadMore(connection?.pageInfo, fetchMore);

  return (
    <section className="page page-narrow">
      <div className="page-heading">
        <h1>Purchases</h1>
        {connection && connection.totalCount > 0 && (
          <span className="muted">{formatCount(connection.totalCount, "payment")}</span>
        )}
      </div>
      {error && !connection ? (
        <ErrorState error={error} title="Your purchases could not be loaded" onRetry={() => void refetch()} />
      ) : loading && !connection ? (
        <LoadingState label="Loading your purchases…" />
      ) : !connection || connection.edges.length === 0 ? (
        <EmptyState title="You have not bought a course yet.">
          <p>
            Paid courses you buy appear here with their receipts. <Link to="/courses">Browse the courses</Link>
          </p>
        </EmptyState>
      ) : (
        <>
          <ul className="stack-list receipt-list">
            {connection.edges.map(({ node }) => (
              <li key={node.id} className="panel">
                <PaymentReceipt payment={node} />
                {isOpenPayment(node.status) && (
                  <p>
                    <Link to={purchasePath(node.id)}>Follow this payment</Link>
                  </p>
                )}
              </li>
            ))}
          </ul>
          <LoadMore pagination={pagination} />
        </>
      )}
    </section>
  );
}
