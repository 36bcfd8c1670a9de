import { useQuery, useSubscription } from "@apollo/client/react";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { coursePath, learnPath, PURCHASES_PATH } from "../../app/paths";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { PaymentUpdatedDocument, PurchasePaymentDocument } from "../../gql/graphql";
import { usePageTitle } from "../../hooks/usePageTitle";
import { CheckoutError } from "./CheckoutError";
import { saveCoupon } from "./checkoutCoupon";
import { PaymentReceipt } from "./PaymentReceipt";
import { isOpenPayment } from "./paymentStatus";
import { useStartCheckout } from "./useStartCheckout";

/**
 * Asked again this often while the payment is open, or paid with the course not open yet: the
 * subscription brings changes at once, this covers a socket that is down or an event it missed,
 * and the enrollment, which follows the payment's success by a moment and has no event here.
 */
const FOLLOW_POLL_MS = 3_000;

const SLOW_AFTER_MS = 30_000;

const SLOW_SENTENCE =
  "This is taking longer than usual. There is no need to pay again: this page keeps checking, and you can also come back later from Purchases.";

/**
 * Where the learner lands back from the payment page (/purchases/:paymentId): follows the payment
 * until it settles, then opens the course or offers to try again.
 */
export default function PurchaseReturnPage() {
  const { paymentId = "" } = useParams();
  const { data, loading, error, refetch, startPolling, stopPolling } = useQuery(PurchasePaymentDocument, {
    variables: { id: paymentId },
    fetchPolicy: "cache-and-network",
  });
  const payment = data?.node?.__typename === "Payment" ? data.node : null;
  const open = payment ? isOpenPayment(payment.status) : false;
  // A disputed payment's access is suspended until the dispute is decided: nothing to wait for here.
  const paid = (payment?.status === "SUCCEEDED" || payment?.status === "PARTIALLY_REFUNDED") && payment.dispute?.status !== "OPEN";
  const enrolled = payment?.course.viewerIsEnrolled === true;
  const following = open || (paid && !enrolled);
  useSubscription(PaymentUpdatedDocument, { variables: { paymentId }, skip: !open });
  useEffect(() => {
    if (!following) return;
    startPolling(FOLLOW_POLL_MS);
    return stopPolling;
  }, [following, startPolling, stopPolling]);
  // Past this, the wait is said to be longer than usual rather than left to look stuck.
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (!following) return;
    const timer = setTimeout(() => setSlow(true), SLOW_AFTER_MS);
    return () => {
      clearTimeout(timer);
      setSlow(false);
    };
  }, [following]);
  const retry = useStartCheckout();
  const courseId = payment?.course.id;
  // Bought: the coupon typed on the course page has served.
  useEffect(() => {
    if (paid && courseId) saveCoupon(courseId, "");
  }, [paid, courseId]);
  usePageTitle(payment ? `Your purchase of ${payment.course.title}` : "Your purchase");

  if (loading && !data) return <LoadingState label="Loading your payment…" />;
  if (error && !data) {
    return <ErrorState error={error} title="Your payment could not be loaded" onRetry={() => void refetch()} />;
  }
  if (!payment) {
    return (
      <section className="page page-narrow status-page">
        <h1>Payment not found</h1>
        <p>
          This link does not lead to one of your payments. <Link to={PURCHASES_PATH}>See your purchases</Link>
        </p>
      </section>
    );
  }

  const course = payment.course;
  const couponCode = payment.coupon?.code ?? null;
  const tryAgain = (label: string) => (
    <div className="form-actions">
      <button
        type="button"
        className="button button-primary"
        disabled={retry.busy}
        aria-busy={retry.busy}
        onClick={() => void retry.startCheckout(course.id, couponCode)}
      >
        {retry.busy ? "Opening the payment page…" : label}
      </button>
      <Link to={coursePath(course.slug)} className="button button-secondary">
        Back to the course
      </Link>
    </div>
  );

  return (
    <section className="page page-narrow purchase-page">
      {open && (
        <div className="purchase-outcome" role="status">
          <span className="spinner" aria-hidden="true" />
          <div>
            <h1>Confirming your payment</h1>
            <p>
              We are waiting for the payment provider to confirm your payment for “{course.title}”. This usually takes a
              few seconds, and this page updates by itself. You can also leave: the course opens for you as soon as the
              payment is confirmed.
            </p>
            {slow && <p>{SLOW_SENTENCE}</p>}
            {payment.status === "REQUIRES_PAYMENT" && (
              <>
                <p className="muted">Did you leave the payment page before paying? You can go back to it.</p>
                {tryAgain("Go back to the payment page")}
              </>
            )}
          </div>
        </div>
      )}
      {paid && !enrolled && (
        <div className="purchase-outcome" role="status">
          <span className="spinner" aria-hidden="true" />
          <div>
            <h1>Payment received</h1>
            <p>Thank you! We are opening “{course.title}” for you; this takes a moment.</p>
            {slow && <p>{SLOW_SENTENCE}</p>}
          </div>
        </div>
      )}
      {paid && enrolled && (
        <div className="alert alert-success purchase-outcome" role="status">
          <div>
            <h1>You bought “{course.title}”</h1>
            <p>Thank you! The course is yours: every video is open, and your progress is kept as you watch.</p>
            <Link to={learnPath(course.id)} className="button button-primary">
              Start learning
            </Link>
          </div>
        </div>
      )}
      {payment.status === "FAILED" && (
        <div className="alert alert-error purchase-outcome" role="alert">
          <div>
            <h1>Your payment did not go through</h1>
            <p>
              {payment.failureMessage ? `The payment provider said: ${payment.failureMessage}` : "The payment provider declined it."}{" "}
              Nothing was charged. You can try again, with another card if you like.
            </p>
            {tryAgain("Try again")}
          </div>
        </div>
      )}
      {payment.status === "CANCELED" && (
        <div className="alert alert-info purchase-outcome">
          <div>
            <h1>This checkout was canceled</h1>
            <p>It was abandoned or expired before any money moved. You can start a new one.</p>
            {tryAgain("Try again")}
          </div>
        </div>
      )}
      {payment.status === "REFUNDED" && (
        <div className="alert alert-info purchase-outcome">
          <div>
            <h1>This payment was refunded</h1>
            <p>The money went back to you and your enrollment in “{course.title}” ended.</p>
          </div>
        </div>
      )}
      <CheckoutError error={retry.error} couponCode={couponCode} />
      <div className="panel">
        <PaymentReceipt payment={payment} showFailure={false} />
      </div>
      <p>
        <Link to={PURCHASES_PATH}>See all your purchases</Link>
      </p>
    </section>
  );
}
