import { useQuery } from "@apollo/client/react";
import { useEffect, useId, useState } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { signInPathReturningTo } from "../../app/nextPath";
import { useSession } from "../../auth/useSession";
import { formatPrice } from "../../format/price";
import { CheckoutPreviewDocument, MyRecentPaymentsDocument } from "../../gql/graphql";
import { useDebouncedValue } from "../../hooks/useDebouncedValue";
import { CheckoutError, couponRefusal } from "./CheckoutError";
import { saveCoupon, savedCoupon } from "./checkoutCoupon";
import { purchasePath } from "../../app/paths";
import { isOpenPayment } from "./paymentStatus";
import { useStartCheckout } from "./useStartCheckout";

interface CheckoutCourse {
  id: string;
  priceCents: number;
  currency: string;
}

const PREVIEW_DELAY_MS = 400;

/**
 * Buying a paid course: the price, an optional coupon with the price it gives, and the button that
 * starts the checkout and leaves for the payment page. Signed-out visitors sign in first and come
 * back here, the coupon they typed kept. A payment the learner started before and left open is
 * resumed: the API answers that one again, so nobody pays twice.
 */
export function CourseCheckout({ course }: { course: CheckoutCourse }) {
  const session = useSession();
  const signedIn = session.status === "signedIn";
  const location = useLocation();
  const navigate = useNavigate();
  const couponId = useId();
  const [coupon, setCoupon] = useState(() => savedCoupon(course.id));
  const [couponShown, setCouponShown] = useState(() => coupon !== "");
  // Opened by "Have a coupon?": the field takes the focus; shown on arrival, it waits.
  const [couponOpened, setCouponOpened] = useState(false);
  const code = coupon.trim();
  const checkedCode = useDebouncedValue(code, PREVIEW_DELAY_MS);
  const preview = useQuery(CheckoutPreviewDocument, {
    variables: { courseId: course.id, couponCode: checkedCode },
    skip: !signedIn || !checkedCode,
    fetchPolicy: "cache-and-network",
  });
  // Not cached: each visit asks afresh whether a payment of this course is still open.
  const recent = useQuery(MyRecentPaymentsDocument, { skip: !signedIn, fetchPolicy: "no-cache" });
  const openPayment = recent.data?.myPayments.nodes.find(
    (payment) => payment.course.id === course.id && isOpenPayment(payment.status),
  );
  // With a coupon typed, the checkout is asked for with it: the API answers the open payment only
  // when it was started with that coupon, so the button offers the price rather than a resumption.
  const resuming = openPayment !== undefined && code === "";
  const checkout = useStartCheckout();
  const refetchRecent = recent.refetch;
  // Back from the payment page, the browser may show this page as it was left: ask again.
  useEffect(() => {
    if (!signedIn) return;
    const refresh = (event: PageTransitionEvent) => {
      if (event.persisted) void refetchRecent();
    };
    window.addEventListener("pageshow", refresh);
    return () => window.removeEventListener("pageshow", refresh);
  }, [signedIn, refetchRecent]);

  const previewCurrent = code !== "" && code === checkedCode && !preview.loading;
  const priced = previewCurrent ? preview.data?.checkoutPreview : undefined;
  const couponProblem = previewCurrent && preview.error ? couponRefusal(preview.error, code) : null;
  const amountCents = priced?.amountCents ?? course.priceCents;
  const price = (cents: number) => formatPrice(cents, course.currency);

  const changeCoupon = (value: string) => {
    setCoupon(value);
    saveCoupon(course.id, value.trim());
    checkout.clearError();
  };

  const handleBuy = () => {
    if (!signedIn) {
      void navigate(signInPathReturningTo(location));
      return;
    }
    void checkout.startCheckout(course.id, code || null);
  };

  return (
    <div className="enrollment-box checkout-box">
      {resuming && openPayment && (
        <p className="alert alert-info">
          You started paying for this course earlier. Continuing takes you back to that payment, so you will not pay
          twice. <Link to={purchasePath(openPayment.id)}>See the payment</Link>
        </p>
      )}
      <button
        type="button"
        className="button button-primary"
        disabled={checkout.busy || session.status === "restoring"}
        aria-busy={checkout.busy}
        onClick={handleBuy}
      >
        {checkout.busy
          ? "Opening the payment page…"
          : resuming
            ? "Continue to payment"
            : `Buy for ${price(amountCents)}`}
      </button>
      {priced && priced.discountCents > 0 && (
        <p className="checkout-price">
          <s aria-hidden="true">{price(priced.listPriceCents)}</s>{" "}
          <span className="visually-hidden">List price {price(priced.listPriceCents)}, </span>
          You save {price(priced.discountCents)} with the coupon.
        </p>
      )}
      {session.status === "signedOut" && <p className="muted">Sign in or create an account to buy this course.</p>}
      {couponShown ? (
        <div className={couponProblem ? "field field-invalid coupon-field" : "field coupon-field"}>
          <label htmlFor={couponId}>Coupon code</label>
          <input
            id={couponId}
            name="couponCode"
            value={coupon}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={32}
            autoFocus={couponOpened}
            aria-invalid={couponProblem ? true : undefined}
            aria-describedby={`${couponId}-status`}
            onChange={(event) => changeCoupon(event.target.value)}
          />
          <p id={`${couponId}-status`} className={couponProblem ? "field-error" : "field-hint"} role="status">
            {!code
              ? "Codes work in any case."
              : !signedIn
                ? "Sign in to see your price with this coupon; the code is kept for you."
                : couponProblem
                  ? couponProblem
                  : priced
                    ? `With ${code.toUpperCase()} you pay ${price(priced.amountCents)} instead of ${price(priced.listPriceCents)}.`
                    : previewCurrent && preview.error
                      ? "The coupon could not be checked just now; you can still buy, and the price is checked again then."
                      : "Checking the coupon…"}
          </p>
        </div>
      ) : (
        <button type="button" className="button button-ghost button-small" onClick={() => {
            setCouponShown(true);
            setCouponOpened(true);
          }}>
          Have a coupon?
        </button>
      )}
      <CheckoutError error={checkout.error} couponCode={code || null} />
    </div>
  );
}
