import { useApolloClient, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { usePlatformFeatures } from "../../app/usePlatformFeatures";
import { Avatar } from "../../components/Avatar";
import { Badge } from "../../components/Badge";
import { InlineError } from "../../components/InlineError";
import { LoadMore } from "../../components/LoadMore";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { formatCount } from "../../format/count";
import { formatDate } from "../../format/date";
import { formatPrice } from "../../format/price";
import {
  CoursePaymentsDocument,
  PaymentDisputeEvidenceDocument,
  type CoursePaymentFragment,
} from "../../gql/graphql";
import { useLoadMore } from "../../hooks/useLoadMore";
import { DISPUTE_STATUS, PAYMENT_STATUS, refundableCents, SETTLED_VERB } from "../billing/paymentStatus";
import { RefundDialog } from "./RefundDialog";

const PAGE_SIZE = 20;

/** Drops Apollo's __typename from what is saved: the file is for people and banks, not for the cache. */
function withoutTypenames(key: string, value: unknown): unknown {
  return key === "__typename" ? undefined : value;
}

function saveJson(fileName: string, value: unknown): void {
  const blob = new Blob([JSON.stringify(value, withoutTypenames, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** Fetches a disputed payment's evidence (enrollment, sign-ins, watched ranges) and saves it as a JSON file. */
function EvidenceDownload({ payment }: { payment: CoursePaymentFragment }) {
  const client = useApolloClient();
  const [state, setState] = useState<{ loading: boolean; error: unknown }>({ loading: false, error: null });

  const download = async () => {
    setState({ loading: true, error: null });
    try {
      const { data } = await client.query({
        query: PaymentDisputeEvidenceDocument,
        variables: { paymentId: payment.id },
        fetchPolicy: "network-only",
      });
      const evidence = data!.paymentDisputeEvidence;
      saveJson(`dispute-evidence-${evidence.payment.course.title}-${evidence.generatedAt.slice(0, 10)}.json`.replace(/[^\w.-]+/g, "-"), evidence);
      setState({ loading: false, error: null });
    } catch (error) {
      setState({ loading: false, error });
    }
  };

  return (
    <>
      <button
        type="button"
        className="button button-secondary button-small"
        disabled={state.loading}
        aria-busy={state.loading}
        onClick={() => void download()}
      >
        {state.loading ? "Preparing the evidence…" : "Download evidence"}
        <span className="visually-hidden"> of {payment.user.profile.displayName}'s payment</span>
      </button>
      <InlineError error={state.error} />
    </>
  );
}

/** onRefund: none while payments are turned off, when the API refuses refunds. */
function PaymentRow({ payment, onRefund }: { payment: CoursePaymentFragment; onRefund?: () => void }) {
  const name = payment.user.profile.displayName;
  const price = (cents: number) => formatPrice(cents, payment.currency);
  const status = PAYMENT_STATUS[payment.status];
  const left = refundableCents(payment);
  const dispute = payment.dispute ? DISPUTE_STATUS[payment.dispute.status] : null;
  const refunds = payment.refunds.filter((refund) => refund.status === "SUCCEEDED");
  return (
    <li className="payment-row">
      <div className="student-who">
        <Avatar name={name} url={payment.user.profile.avatarUrl} />
        <div>
          <p className="student-name">
            {name} <Badge tone={status.tone}>{status.label}</Badge>
            {dispute && <Badge tone={dispute.tone}>{dispute.label}</Badge>}
          </p>
          {payment.user.email && <p className="muted">{payment.user.email}</p>}
        </div>
      </div>
      <div className="payment-facts">
        <p>
          <strong>{price(payment.amountCents)}</strong>
          {payment.discountCents > 0 &&
            ` (list price ${price(payment.listPriceCents)}, less ${price(payment.discountCents)}${payment.coupon ? ` with ${payment.coupon.code}` : ""})`}
          , started on {formatDate(payment.createdAt)}
          {payment.settledAt && SETTLED_VERB[payment.status] && `, ${SETTLED_VERB[payment.status]} on ${formatDate(payment.settledAt)}`}.
        </p>
        {payment.refundedCents > 0 && (
          <p className="muted">
            Refunded {price(payment.refundedCents)}
            {refunds.length > 0 &&
              `: ${refunds
                .map((refund) => `${price(refund.amountCents)} on ${formatDate(refund.createdAt)}${refund.reason ? ` (“${refund.reason}”)` : ""}`)
                .join("; ")}`}
            .
          </p>
        )}
        {payment.status === "FAILED" && payment.failureMessage && <p className="muted">Failed: {payment.failureMessage}</p>}
        {payment.dispute && dispute && (
          <p className="muted">
            Dispute opened on {formatDate(payment.dispute.openedAt)}. {dispute.owner}
          </p>
        )}
      </div>
      <div className="payment-actions">
        {left > 0 && onRefund && (
          <button type="button" className="button button-secondary button-small" onClick={onRefund}>
            Refund…<span className="visually-hidden"> {name}</span>
          </button>
        )}
        {payment.dispute && <EvidenceDownload payment={payment} />}
      </div>
    </li>
  );
}

/** The course's payments, the newest first, for its owner and admins: refunds and disputes. */
export function CoursePaymentsPanel({ courseId }: { courseId: string }) {
  const { data, loading, error, refetch, fetchMore } = useQuery(CoursePaymentsDocument, {
    variables: { courseId, first: PAGE_SIZE },
    fetchPolicy: "cache-and-network",
  });
  const connection = data?.coursePayments;
  const pagination = useLoadMore(connection?.pageInfo, fetchMore);
  const [refunding, setRefunding] = useState<CoursePaymentFragment | null>(null);
  const paymentsOff = usePlatformFeatures()?.payments === false;

  return (
    <section className="panel" aria-labelledby="payments-heading">
      <div className="editor-section-header">
        <h2 id="payments-heading">Payments</h2>
        {connection && <span className="muted">{formatCount(connection.totalCount, "payment")}</span>}
        <button type="button" className="button button-ghost button-small" onClick={() => void refetch()}>
          Refresh
        </button>
      </div>
      {error && !connection ? (
        <ErrorState error={error} title="The payments could not be loaded" onRetry={() => void refetch()} />
      ) : loading && !connection ? (
        <LoadingState label="Loading the payments…" />
      ) : !connection || connection.edges.length === 0 ? (
        <p className="muted">No one has paid for this course yet. Payments appear here, with refunds and disputes.</p>
      ) : (
        <>
          {paymentsOff && <p className="alert alert-info">Refunds are paused right now, as payments are turned off on this platform.</p>}
          <ul className="student-list">
            {connection.edges.map(({ node }) => (
              <PaymentRow key={node.id} payment={node} onRefund={paymentsOff ? undefined : () => setRefunding(node)} />
            ))}
          </ul>
          <LoadMore pagination={pagination} />
        </>
      )}
      {refunding && <RefundDialog payment={refunding} onClose={() => setRefunding(null)} />}
    </section>
  );
}
