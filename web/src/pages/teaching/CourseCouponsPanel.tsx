import { useMutation, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { Badge, type BadgeTone } from "../../components/Badge";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { InlineError } from "../../components/InlineError";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { formatDate } from "../../format/date";
import { formatPrice } from "../../format/price";
import { CourseCouponsDocument, DeactivateCouponDocument, type CourseCouponFragment } from "../../gql/graphql";
import { CouponForm } from "./CouponForm";

function couponState(coupon: CourseCouponFragment): { label: string; tone: BadgeTone } {
  if (coupon.deactivatedAt) return { label: "Deactivated", tone: "neutral" };
  if (coupon.expiresAt && new Date(coupon.expiresAt) <= new Date()) return { label: "Expired", tone: "neutral" };
  if (coupon.maxRedemptions !== null && coupon.redemptionCount >= coupon.maxRedemptions) return { label: "Used up", tone: "warning" };
  return { label: "Active", tone: "success" };
}

function CouponRow({ coupon, currency, onDeactivate }: { coupon: CourseCouponFragment; currency: string; onDeactivate: () => void }) {
  const state = couponState(coupon);
  const discount = coupon.percentOff !== null ? `${coupon.percentOff}% off` : `${formatPrice(coupon.amountOffCents ?? 0, currency)} off`;
  const uses =
    coupon.maxRedemptions !== null
      ? `used ${coupon.redemptionCount} of ${coupon.maxRedemptions} times`
      : `used ${coupon.redemptionCount} ${coupon.redemptionCount === 1 ? "time" : "times"}`;
  return (
    <li className="coupon-row">
      <div>
        <p className="student-name">
          <code className="coupon-code">{coupon.code}</code> <Badge tone={state.tone}>{state.label}</Badge>
        </p>
        <p className="muted">
          {discount}, {uses}
          {coupon.expiresAt ? `, valid until ${formatDate(coupon.expiresAt)}` : ", no expiry"}
          {coupon.deactivatedAt ? `; deactivated on ${formatDate(coupon.deactivatedAt)}` : ""}.
        </p>
      </div>
      {!coupon.deactivatedAt && (
        <button type="button" className="button button-danger-text button-small" onClick={onDeactivate}>
          Deactivate<span className="visually-hidden"> {coupon.code}</span>
        </button>
      )}
    </li>
  );
}

/** The course's coupons for its owner and admins: a new one, and deactivating one (after asking). */
export function CourseCouponsPanel({ courseId, currency }: { courseId: string; currency: string }) {
  const { data, loading, error, refetch } = useQuery(CourseCouponsDocument, {
    variables: { courseId },
    fetchPolicy: "cache-and-network",
  });
  const [deactivate, deactivation] = useMutation(DeactivateCouponDocument, { errorPolicy: "all" });
  const [confirming, setConfirming] = useState<CourseCouponFragment | null>(null);
  const coupons = data?.courseCoupons;

  const confirmDeactivation = async () => {
    if (!confirming) return;
    const coupon = confirming;
    setConfirming(null);
    const result = await deactivate({ variables: { id: coupon.id } });
    if (result.data?.deactivateCoupon) {
      toastSuccess(`The coupon ${coupon.code} is deactivated: no new checkout can use it.`);
    }
  };

  return (
    <section className="panel" aria-labelledby="coupons-heading">
      <h2 id="coupons-heading">Coupons</h2>
      {error && !coupons ? (
        <ErrorState error={error} title="The coupons could not be loaded" onRetry={() => void refetch()} />
      ) : loading && !coupons ? (
        <LoadingState label="Loading the coupons…" />
      ) : !coupons || coupons.length === 0 ? (
        <p className="muted">This course has no coupons yet. Create one below to offer a discount.</p>
      ) : (
        <ul className="student-list">
          {coupons.map((coupon) => (
            <CouponRow key={coupon.id} coupon={coupon} currency={currency} onDeactivate={() => setConfirming(coupon)} />
          ))}
        </ul>
      )}
      <InlineError error={deactivation.error} />
      <h3 className="list-form-heading">New coupon</h3>
      <CouponForm courseId={courseId} currency={currency} />
      <ConfirmDialog
        isOpen={confirming !== null}
        title={`Deactivate the coupon ${confirming?.code ?? ""}?`}
        confirmLabel="Deactivate"
        cancelLabel="Keep it"
        destructive
        onConfirm={() => void confirmDeactivation()}
        onCancel={() => setConfirming(null)}
      >
        <p>No new checkout can use it. Learners who paid with it keep their price and their access.</p>
      </ConfirmDialog>
    </section>
  );
}
