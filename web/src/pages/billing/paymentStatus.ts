import type { BadgeTone } from "../../components/Badge";
import type { DisputeStatus, PaymentStatus } from "../../gql/graphql";

/** A payment's status in a word or two, and the badge colour it shows in. */
export const PAYMENT_STATUS: Record<PaymentStatus, { label: string; tone: BadgeTone }> = {
  REQUIRES_PAYMENT: { label: "Waiting for payment", tone: "info" },
  PROCESSING: { label: "Being confirmed", tone: "info" },
  SUCCEEDED: { label: "Paid", tone: "success" },
  FAILED: { label: "Failed", tone: "danger" },
  CANCELED: { label: "Canceled", tone: "neutral" },
  REFUNDED: { label: "Refunded", tone: "warning" },
  PARTIALLY_REFUNDED: { label: "Partly refunded", tone: "warning" },
};

/** A dispute's status, and what it means to the learner and to the course's owner. */
export const DISPUTE_STATUS: Record<DisputeStatus, { label: string; tone: BadgeTone; learner: string; owner: string }> = {
  OPEN: {
    label: "Disputed",
    tone: "danger",
    learner: "Your bank disputes this payment: your access to the course is suspended until the dispute is decided.",
    owner: "The learner's bank disputes this payment: their access is suspended until the dispute is decided.",
  },
  WON: {
    label: "Dispute won",
    tone: "success",
    learner: "The dispute of this payment was decided for the seller: your access to the course is back.",
    owner: "The dispute was decided for you: the learner has access again.",
  },
  LOST: {
    label: "Dispute lost",
    tone: "danger",
    learner: "The dispute of this payment was decided for you: the money went back and your enrollment ended.",
    owner: "The dispute was decided for the learner: the money went back and their access ended.",
  },
};

/** How a sentence about the day it settled goes on ("paid on …"); none while it is open. */
export const SETTLED_VERB: Partial<Record<PaymentStatus, string>> = {
  SUCCEEDED: "paid",
  PARTIALLY_REFUNDED: "paid",
  REFUNDED: "paid",
  FAILED: "failed",
  CANCELED: "canceled",
};

/** Still waiting for the learner or the provider: the return page follows it. */
export function isOpenPayment(status: PaymentStatus): boolean {
  return status === "REQUIRES_PAYMENT" || status === "PROCESSING";
}

/** Money was taken (and maybe partly given back). */
export function isPaid(status: PaymentStatus): boolean {
  return status === "SUCCEEDED" || status === "PARTIALLY_REFUNDED" || status === "REFUNDED";
}

/** What is left of a payment to refund. */
export function refundableCents(payment: { status: PaymentStatus; amountCents: number; refundedCents: number }): number {
  return payment.status === "SUCCEEDED" || payment.status === "PARTIALLY_REFUNDED"
    ? Math.max(0, payment.amountCents - payment.refundedCents)
    : 0;
}
