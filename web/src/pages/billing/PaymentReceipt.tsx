import { Link } from "react-router";
import { coursePath } from "../../app/paths";
import { Badge } from "../../components/Badge";
import { formatDate } from "../../format/date";
import { formatPrice } from "../../format/price";
import type { PaymentReceiptFragment } from "../../gql/graphql";
import { DISPUTE_STATUS, PAYMENT_STATUS, SETTLED_VERB } from "./paymentStatus";

/**
 * What was paid for a course, as a receipt: the price, the coupon's discount, what was paid,
 * refunds and a dispute, the status in words and the date.
 */
export function PaymentReceipt({
  payment,
  showFailure = true,
}: {
  payment: PaymentReceiptFragment;
  /** Off where the page says why already. */
  showFailure?: boolean;
}) {
  const price = (cents: number) => formatPrice(cents, payment.currency);
  const status = PAYMENT_STATUS[payment.status];
  const refunds = payment.refunds.filter((refund) => refund.status === "SUCCEEDED");
  return (
    <article className="receipt" aria-label={`Receipt: ${payment.course.title}`}>
      <header className="receipt-header">
        <h2 className="receipt-title">
          <Link to={coursePath(payment.course.slug)}>{payment.course.title}</Link>
        </h2>
        <Badge tone={status.tone}>{status.label}</Badge>
      </header>
      <dl className="receipt-lines">
        {payment.discountCents > 0 && (
          <>
            <div>
              <dt>List price</dt>
              <dd>{price(payment.listPriceCents)}</dd>
            </div>
            <div>
              <dt>Coupon{payment.coupon ? ` ${payment.coupon.code}` : ""}</dt>
              <dd>−{price(payment.discountCents)}</dd>
            </div>
          </>
        )}
        <div className="receipt-total">
          <dt>{payment.status === "SUCCEEDED" || payment.refundedCents > 0 ? "Paid" : "Amount"}</dt>
          <dd>{price(payment.amountCents)}</dd>
        </div>
        {refunds.map((refund) => (
          <div key={refund.id}>
            <dt>Refunded on {formatDate(refund.createdAt)}</dt>
            <dd>−{price(refund.amountCents)}</dd>
          </div>
        ))}
        {refunds.length === 0 && payment.refundedCents > 0 && (
          <div>
            <dt>Refunded</dt>
            <dd>−{price(payment.refundedCents)}</dd>
          </div>
        )}
      </dl>
      <p className="muted receipt-date">
        {`Started on ${formatDate(payment.createdAt)}`}
        {payment.settledAt && SETTLED_VERB[payment.status] && `, ${SETTLED_VERB[payment.status]} on ${formatDate(payment.settledAt)}`}.
        {payment.provider === "local" && " Made on the development payment page, where no money moves."}
        {payment.provider === "coupon" && " Paid in full by the coupon."}
      </p>
      {showFailure && payment.status === "FAILED" && payment.failureMessage && (
        <p className="muted">Why it failed: {payment.failureMessage}</p>
      )}
      {payment.dispute && <p className="alert alert-info">{DISPUTE_STATUS[payment.dispute.status].learner}</p>}
    </article>
  );
}
