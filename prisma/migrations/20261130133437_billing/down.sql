-- Loses data: every payment, payment event, refund, coupon and redemption, and enrollments' suspensions.
DROP TABLE "coupon_redemptions";
DROP TABLE "refunds";
DROP TABLE "payment_events";
DROP TABLE "payments";
DROP TABLE "coupons";

ALTER TABLE "enrollments" DROP COLUMN "suspended_at";

DROP TYPE "RefundStatus";
DROP TYPE "DisputeStatus";
DROP TYPE "PaymentStatus";
