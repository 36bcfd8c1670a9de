// Coupons: a discount on one course, created by its owner or an admin, redeemed by checkouts.
// Redemptions are counted exactly: a checkout takes one with a conditional UPDATE of the coupon's
// row (PostgreSQL re-checks the condition after waiting for a concurrent taker), and a payment
// that fails or is canceled gives it back.
import type { Transaction } from "../../platform/db.ts";
import type { CouponRow, PaymentRow } from "./billing.loaders.ts";

/**
 * Takes one redemption of the coupon for the payment, while the coupon is active, unexpired and
 * not used up; false when it is not (the caller refuses the checkout).
 */
export async function takeRedemption(tx: Transaction, coupon: CouponRow, payment: Pick<PaymentRow, "id" | "userId">): Promise<boolean> {
  const taken = await tx.$executeRaw`
    UPDATE coupons SET redemption_count = redemption_count + 1
    WHERE id = ${coupon.id}::uuid AND deactivated_at IS NULL AND (expires_at IS NULL OR expires_at > now())
      AND (max_redemptions IS NULL OR redemption_count < max_redemptions)`;
  if (taken === 0) return false;
  await tx.couponRedemption.create({ data: { couponId: coupon.id, paymentId: payment.id, userId: payment.userId } });
  return true;
}

/** A failed or canceled payment's redemption goes back to the coupon. */
export async function releaseRedemption(tx: Transaction, payment: PaymentRow): Promise<void> {
  const released = await tx.couponRedemption.deleteMany({ where: { paymentId: payment.id } });
  if (released.count > 0) await tx.$executeRaw`UPDATE coupons SET redemption_count = redemption_count - 1 WHERE id = ${payment.couponId}::uuid`;
}

/**
 * A payment reported failed, then paid after all (a retried card): it takes its redemption again
 * if one is left, whatever the coupon's expiry or deactivation since (it was valid at checkout).
 * None left: the payment keeps its price, and the count stays exact.
 */
export async function retakeRedemption(tx: Transaction, payment: PaymentRow): Promise<void> {
  const taken = await tx.$executeRaw`
    UPDATE coupons SET redemption_count = redemption_count + 1
    WHERE id = ${payment.couponId}::uuid AND (max_redemptions IS NULL OR redemption_count < max_redemptions)
      AND NOT EXISTS (SELECT 1 FROM coupon_redemptions WHERE payment_id = ${payment.id}::uuid)`;
  if (taken > 0) await tx.couponRedemption.create({ data: { couponId: payment.couponId!, paymentId: payment.id, userId: payment.userId } });
}
