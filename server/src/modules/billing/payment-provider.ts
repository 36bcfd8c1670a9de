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
  outcome: "pending" | "succeeded" | "failed" | "canceled";
  refundedCents: number;
}

export interface PaymentProvider {
  readonly name: "local" | "stripe";
  createCheckout(request: CheckoutRequest): Promise<ProviderCheckout>;
  refund(request: { paymentId: string; refundId: string; providerReference: string; amountCents: number; reason: string | null }): Promise<{ providerReference: string }>;
  fetchState(payment: { id: string; providerReference: string }): Promise<ProviderPaymentState>;
}

/** Makes the provider a configuration names (see providers.ts). */
export type PaymentProviderFactory = (config: Config, log: Logger) => PaymentProvider | Promise<PaymentProvider>;
