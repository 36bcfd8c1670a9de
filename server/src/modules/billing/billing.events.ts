// The events billing emits (analytics listens, for revenue net of refunds per course and day) and
// its own reactions: a learner's enrollment follows their payments through learning's functions,
// and a payment's learner watching it settle hears of each change (paymentUpdated).
import type { Transaction } from "../../platform/db.ts";
import { emit, type Listeners } from "../../platform/domain-events.ts";
import type { Platform } from "../../platform/platform.ts";
import { endEnrollment, enrollByPurchase, resumeEnrollment, suspendEnrollment } from "../learning/index.ts";
import { publishPaymentUpdate } from "./payment-feed.ts";
import type { PaymentRow } from "./billing.loaders.ts";

export interface PaymentFacts {
  paymentId: string;
  userId: string;
  courseId: string;
  provider: string;
  /** What the learner paid (after the coupon), in minor units of the currency. */
  amountCents: number;
  currency: string;
  /** When the provider says it happened. */
  occurredAt: string;
}

declare module "../../platform/domain-events.ts" {
  interface DomainEvents {
    /** The learner completed the provider's page with a delayed method (a bank debit): the money is on its way. Aggregate: the payment. */
    "billing.paymentProcessing": PaymentFacts;
    /** The money arrived: the learner is enrolled. Aggregate: the payment. */
    "billing.paymentSucceeded": PaymentFacts;
    /** The payment failed or was canceled before any money moved. Aggregate: the payment. */
    "billing.paymentFailed": PaymentFacts & { outcome: "FAILED" | "CANCELED"; message: string | null };
    /** More of a succeeded payment went back: `refundedCents` in all, `refundedNowCents` by this change; `full` ends the enrollment. Aggregate: the payment. */
    "billing.paymentRefunded": PaymentFacts & { refundedCents: number; refundedNowCents: number; full: boolean };
    /** The learner's bank disputes the payment: access is suspended meanwhile. Aggregate: the payment. */
    "billing.disputeOpened": PaymentFacts & { disputeId: string };
    /** The dispute ended: won gives access back, lost ends the enrollment as refunded. Aggregate: the payment. */
    "billing.disputeClosed": PaymentFacts & { disputeId: string; won: boolean };
  }
}

export const factsOf = (payment: PaymentRow, occurredAt: Date): PaymentFacts => ({
  paymentId: payment.id,
  userId: payment.userId,
  courseId: payment.courseId,
  provider: payment.provider,
  amountCents: payment.amountCents,
  currency: payment.currency,
  occurredAt: occurredAt.toISOString(),
});

const aggregateOf = (payment: PaymentRow) => `payment:${payment.id}`;

export const paymentProcessing = (tx: Transaction, payment: PaymentRow, at: Date) =>
  emit(tx, { name: "billing.paymentProcessing", aggregate: aggregateOf(payment), payload: factsOf(payment, at) });

export const paymentSucceeded = (tx: Transaction, payment: PaymentRow, at: Date) =>
  emit(tx, { name: "billing.paymentSucceeded", aggregate: aggregateOf(payment), payload: factsOf(payment, at) });

export const paymentFailed = (tx: Transaction, payment: PaymentRow, at: Date) =>
  emit(tx, {
    name: "billing.paymentFailed",
    aggregate: aggregateOf(payment),
    payload: { ...factsOf(payment, at), outcome: payment.status === "CANCELED" ? "CANCELED" : "FAILED", message: payment.failureMessage },
  });

export const paymentRefunded = (tx: Transaction, payment: PaymentRow, at: Date, refundedNowCents: number) =>
  emit(tx, {
    name: "billing.paymentRefunded",
    aggregate: aggregateOf(payment),
    payload: { ...factsOf(payment, at), refundedCents: payment.refundedCents, refundedNowCents, full: payment.status === "REFUNDED" },
  });

export const disputeOpened = (tx: Transaction, payment: PaymentRow, at: Date, disputeId: string) =>
  emit(tx, { name: "billing.disputeOpened", aggregate: aggregateOf(payment), payload: { ...factsOf(payment, at), disputeId } });

export const disputeClosed = (tx: Transaction, payment: PaymentRow, at: Date, disputeId: string, won: boolean) =>
  emit(tx, { name: "billing.disputeClosed", aggregate: aggregateOf(payment), payload: { ...factsOf(payment, at), disputeId, won } });

/** Money kept: succeeded (maybe partly refunded), and no dispute open or lost. */
const entitles = (payment: PaymentRow) =>
  (payment.status === "SUCCEEDED" || payment.status === "PARTIALLY_REFUNDED") && payment.disputeStatus !== "OPEN" && payment.disputeStatus !== "LOST";

/**
 * The enrollment follows the learner's payments for the course as they are now, not the event
 * being delivered: events' listeners run concurrently and in any order (a full refund's may run
 * before the success's), and a redelivered success must not renew what a later refund ended. The
 * decision and its effect hold a lock on the learner and course, so two reactions never act on
 * what the other is about to change.
 */
async function settleEnrollment(platform: Platform, { userId, courseId }: { userId: string; courseId: string }, reaction: "purchase" | "end" | "suspend" | "resume") {
  await platform.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('billing-enrollment'), hashtext(${`${userId}:${courseId}`}))`;
    const payments = await tx.payment.findMany({ where: { userId, courseId } });
    const entitled = payments.some(entitles);
    const disputed = payments.some((payment) => payment.disputeStatus === "OPEN");
    const learner = { userId, courseId };
    // While a dispute is open nothing else happens: its closing decides.
    if (disputed) {
      if (reaction === "suspend") await suspendEnrollment(platform, learner, tx);
    } else if (!entitled) {
      // Refunded in full, or a dispute lost (or won after a full refund): no money kept, no access.
      if (reaction === "end" || reaction === "resume") await endEnrollment(platform, { ...learner, status: "REFUNDED" }, tx);
    } else if (reaction === "purchase") {
      await enrollByPurchase(platform, learner, tx);
    } else if (reaction === "resume") {
      // A dispute opened before the success was acted on leaves no enrollment to resume: the purchase makes it.
      if (!(await resumeEnrollment(platform, learner, tx))) await enrollByPurchase(platform, learner, tx);
    }
  });
}

export const billingListeners: Listeners<Platform> = {
  "billing.paymentProcessing": async ({ payload }, platform) => publishPaymentUpdate(platform, payload),
  "billing.paymentSucceeded": async ({ payload }, platform) => {
    await settleEnrollment(platform, payload, "purchase");
    publishPaymentUpdate(platform, payload);
  },
  "billing.paymentFailed": async ({ payload }, platform) => publishPaymentUpdate(platform, payload),
  "billing.paymentRefunded": async ({ payload }, platform) => {
    if (payload.full) await settleEnrollment(platform, payload, "end");
    publishPaymentUpdate(platform, payload);
  },
  "billing.disputeOpened": async ({ payload }, platform) => {
    await settleEnrollment(platform, payload, "suspend");
    publishPaymentUpdate(platform, payload);
  },
  "billing.disputeClosed": async ({ payload }, platform) => {
    await settleEnrollment(platform, payload, payload.won ? "resume" : "end");
    publishPaymentUpdate(platform, payload);
  },
};
