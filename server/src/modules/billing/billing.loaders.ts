// Batched reads of billing's rows for field resolvers (one statement per kind of row per request tick).
import type { Coupon, Payment, Refund } from "../../generated/prisma/client.ts";
import { defineLoader, groupBy, pickBy } from "../../platform/context.ts";
import { selectList } from "../../platform/db.ts";

export type PaymentRow = Payment;
export type CouponRow = Coupon;
export type RefundRow = Refund;

/** The columns of a PaymentRow from `payments p`, for the raw reads that lock a payment. */
export const PAYMENT_COLUMNS = selectList<Payment>(
  {
    id: "id",
    userId: "user_id",
    courseId: "course_id",
    amountCents: "amount_cents",
    listPriceCents: "list_price_cents",
    currency: "currency",
    status: "status",
    refundedCents: "refunded_cents",
    provider: "provider",
    providerReference: "provider_reference",
    checkoutUrl: "checkout_url",
    clientSecret: "client_secret",
    couponId: "coupon_id",
    failureMessage: "failure_message",
    disputeId: "dispute_id",
    disputeStatus: "dispute_status",
    disputedAt: "disputed_at",
    createdAt: "created_at",
    updatedAt: "updated_at",
    settledAt: "settled_at",
  },
  "p",
);

export const paymentById = defineLoader<string, PaymentRow | null>("paymentById", async (context, ids) => {
  const rows = await context.db.payment.findMany({ where: { id: { in: [...ids] } } });
  return pickBy(ids, rows, (row) => row.id);
});

export const couponById = defineLoader<string, CouponRow | null>("couponById", async (context, ids) => {
  const rows = await context.db.coupon.findMany({ where: { id: { in: [...ids] } } });
  return pickBy(ids, rows, (row) => row.id);
});

/** Each payment's refunds, the oldest first. */
export const refundsByPayment = defineLoader<string, RefundRow[]>("refundsByPayment", async (context, paymentIds) => {
  const rows = await context.db.refund.findMany({ where: { paymentId: { in: [...paymentIds] } }, orderBy: { id: "asc" } });
  return groupBy(paymentIds, rows, (row) => row.paymentId);
});
