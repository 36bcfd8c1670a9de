// The one path that changes a payment after its checkout started: the local page's form, Stripe's
// webhook and the reconciliation job each turn what they heard into a PaymentFact and apply it here.
import type { Transaction } from "../../platform/db.ts";
import type { Platform } from "../../platform/platform.ts";
import { disputeClosed, disputeOpened, paymentFailed, paymentProcessing, paymentRefunded, paymentSucceeded } from "./billing.events.ts";
import { PAYMENT_COLUMNS, type PaymentRow } from "./billing.loaders.ts";
import { releaseRedemption, retakeRedemption } from "./coupon.service.ts";

export type PaymentFact =
  /** The learner completed the provider's page with a delayed method (a bank debit): the money is on its way. */
  | { kind: "processing" }
  | { kind: "succeeded" }
  | { kind: "failed"; message?: string }
  | { kind: "canceled" }
  | { kind: "refunded"; refundedCents: number /* total refunded so far, as the provider reports */ }
  | { kind: "disputeOpened"; disputeId: string }
  | { kind: "disputeClosed"; disputeId: string; won: boolean };

export type PaymentFactOf = { provider: "local" | "stripe"; eventId: string; paymentId: string; occurredAt: Date } & PaymentFact;

const OPEN = new Set<PaymentRow["status"]>(["REQUIRES_PAYMENT", "PROCESSING"]);
const PAID = new Set<PaymentRow["status"]>(["SUCCEEDED", "PARTIALLY_REFUNDED", "REFUNDED"]);

/** What a paid payment's status is for the refunds so far. */
export const paidStatus = (amountCents: number, refundedCents: number): PaymentRow["status"] =>
  refundedCents <= 0 ? "SUCCEEDED" : refundedCents >= amountCents ? "REFUNDED" : "PARTIALLY_REFUNDED";

type Change = Partial<Pick<PaymentRow, "status" | "refundedCents" | "failureMessage" | "settledAt" | "disputeId" | "disputeStatus" | "disputedAt">>;

/**
 * The payment's next state for the fact, or null when the fact changes nothing. States only move
 * forward: a success is never undone by a failure heard later (money that arrived stays arrived),
 * a success heard after a failure still counts, refunded_cents only grows, and a refund heard
 * before the success is kept and counted once the success arrives.
 */
function nextState(payment: PaymentRow, fact: PaymentFact, at: Date): Change | null {
  switch (fact.kind) {
    // Only from the start: a payment that settled (or heard its settlement first) never goes back to waiting.
    case "processing":
      return payment.status === "REQUIRES_PAYMENT" ? { status: "PROCESSING" } : null;
    case "succeeded":
      if (PAID.has(payment.status)) return null;
      return { status: paidStatus(payment.amountCents, payment.refundedCents), settledAt: payment.settledAt ?? at };
    case "failed":
    case "canceled":
      if (!OPEN.has(payment.status)) return null;
      return {
        status: fact.kind === "failed" ? "FAILED" : "CANCELED",
        failureMessage: fact.kind === "failed" ? (fact.message ?? null) : null,
        settledAt: payment.settledAt ?? at,
      };
    case "refunded": {
      if (fact.refundedCents <= payment.refundedCents) return null;
      const refundedCents = fact.refundedCents;
      return PAID.has(payment.status) ? { refundedCents, status: paidStatus(payment.amountCents, refundedCents) } : { refundedCents };
    }
    case "disputeOpened":
      // A dispute closed before its opening was heard stays closed.
      if (payment.disputeId === fact.disputeId) return null;
      return { disputeId: fact.disputeId, disputeStatus: "OPEN", disputedAt: at };
    case "disputeClosed": {
      const status = fact.won ? "WON" : "LOST";
      if (payment.disputeId === fact.disputeId && payment.disputeStatus !== "OPEN") return null;
      return { disputeId: fact.disputeId, disputeStatus: status, disputedAt: payment.disputeId === fact.disputeId ? payment.disputedAt : at };
    }
  }
}

async function emitChange(tx: Transaction, before: PaymentRow, after: PaymentRow, fact: PaymentFact, at: Date): Promise<void> {
  if (before.status === "REQUIRES_PAYMENT" && after.status === "PROCESSING") await paymentProcessing(tx, after, at);
  const paidNow = PAID.has(after.status) && !PAID.has(before.status);
  if (paidNow) await paymentSucceeded(tx, after, at);
  if (OPEN.has(before.status) && (after.status === "FAILED" || after.status === "CANCELED")) await paymentFailed(tx, after, at);
  // A refund heard before the success is announced with the success (analytics nets it out).
  const refundedBefore = PAID.has(before.status) ? before.refundedCents : 0;
  if (PAID.has(after.status) && after.refundedCents > refundedBefore) await paymentRefunded(tx, after, at, after.refundedCents - refundedBefore);
  if (fact.kind === "disputeOpened") await disputeOpened(tx, after, at, fact.disputeId);
  if (fact.kind === "disputeClosed") await disputeClosed(tx, after, at, fact.disputeId, fact.won);
}

/**
 * In one transaction: records the provider's event id (a replay finds it and does nothing else:
 * "duplicate"), locks the payment, moves it forward and emits billing's events. "ignored": the
 * payment is not this provider's (or does not exist), or the fact changes nothing now.
 */
export function applyPaymentFact(platform: Platform, fact: PaymentFactOf): Promise<FactOutcome> {
  return platform.db.$transaction((tx) => applyPaymentFactIn(tx, fact));
}

export type FactOutcome = "applied" | "duplicate" | "ignored";

/** applyPaymentFact inside the caller's transaction (one that holds a lock of its own, such as a checkout's). */
export async function applyPaymentFactIn(tx: Transaction, fact: PaymentFactOf): Promise<FactOutcome> {
  const [payment] = await tx.$queryRaw<PaymentRow[]>`SELECT ${PAYMENT_COLUMNS} FROM payments p WHERE p.id = ${fact.paymentId}::uuid FOR UPDATE`;
  if (!payment || payment.provider !== fact.provider) return "ignored";
  const recorded = await tx.paymentEvent.createMany({
    data: [{ provider: fact.provider, eventId: fact.eventId, paymentId: payment.id, kind: fact.kind, occurredAt: fact.occurredAt }],
    skipDuplicates: true,
  });
  if (recorded.count === 0) return "duplicate";
  const change = nextState(payment, fact, fact.occurredAt);
  if (!change) return "ignored";
  const after = (await tx.payment.update({ where: { id: payment.id }, data: change })) as PaymentRow;
  if (after.couponId && OPEN.has(payment.status) && (after.status === "FAILED" || after.status === "CANCELED")) await releaseRedemption(tx, after);
  if (after.couponId && !OPEN.has(payment.status) && !PAID.has(payment.status) && PAID.has(after.status)) await retakeRedemption(tx, after);
  await emitChange(tx, payment, after, fact, fact.occurredAt);
  return "applied";
}
