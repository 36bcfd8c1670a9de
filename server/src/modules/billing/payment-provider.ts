// What billing asks of a payment provider (the local one, Stripe's).
// A provider only talks to its service: what it reports back goes through applyPaymentFact
// (payment-settlement.service.ts), the one path that changes a payment.
import type { Config } from "../../platform/config.ts";
import type { Logger } from "../../platform/logger.ts";

export interface CheckoutRequest {
  paymentId: string;
  amountCents: number;
  currency: string;
  courseTitle: string;
  customerEmail: string;
  successUrl: string;
  cancelUrl: string;
}

export interface ProviderCheckout {
  providerReference: string;
  checkoutUrl: string | null;
  clientSecret: string | null;
}

/** What the provider says of a payment now (reconciliation). */
export interface ProviderPaymentState {
  /** processing: completed with a delayed method (a bank debit) whose money is on its way. */
  outcome: "pending" | "processing" | "succeeded" | "failed" | "canceled";
  refundedCents: number;
}

/** What became of a checkout asked to end: it ended unpaid, or its learner completed it first (paid, or a delayed payment under way). */
export type CheckoutEnding = "expired" | "completed";

export interface PaymentProvider {
  readonly name: "local" | "stripe";
  createCheckout(request: CheckoutRequest): Promise<ProviderCheckout>;
  /** Ends an open checkout so it can no longer be paid (the learner canceled it, or changed their coupon). */
  expireCheckout(payment: { id: string; providerReference: string }): Promise<CheckoutEnding>;
  refund(request: { paymentId: string; refundId: string; providerReference: string; amountCents: number; reason: string | null }): Promise<{ providerReference: string }>;
  fetchState(payment: { id: string; providerReference: string }): Promise<ProviderPaymentState>;
}

/** When a payment was created, from its UUIDv7 id (milliseconds in its first 48 bits); null for an id of another version. */
export function paymentCreatedAt(paymentId: string): Date | null {
  const hex = paymentId.replace(/-/g, "");
  return hex[12] === "7" ? new Date(parseInt(hex.slice(0, 12), 16)) : null;
}

/** Makes the provider a configuration names (see providers.ts). */
export type PaymentProviderFactory = (config: Config, log: Logger) => PaymentProvider | Promise<PaymentProvider>;
