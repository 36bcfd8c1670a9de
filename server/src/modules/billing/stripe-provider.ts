// Stripe as the payment provider, through the official SDK: a Checkout Session (Stripe's hosted
// page) per payment, refunds, and what Stripe says of a payment now (for reconciliation). Every
// create carries an idempotency key made from our ids (`checkout:<payment id>`, `refund:<refund
// id>`), so a retry, the SDK's or ours after a crash or a concurrent call, finds the object made
// the first time instead of making another.
import { GraphQLError } from "graphql";
import Stripe from "stripe";
import type { Config } from "../../platform/config.ts";
import { badInput, conflict, ErrorCode, type ErrorReason } from "../../platform/errors.ts";
import type { Logger } from "../../platform/logger.ts";
import { paymentCreatedAt, type CheckoutEnding, type CheckoutRequest, type PaymentProvider, type ProviderCheckout, type ProviderPaymentState } from "./payment-provider.ts";

/** How long Stripe's page takes payments; an abandoned payment is then canceled (webhook or reconciliation). */
const CHECKOUT_LIFETIME_MS = 60 * 60 * 1000;
/** Stripe refuses an expiry sooner than 30 minutes after the session's creation. */
const CHECKOUT_MIN_LIFETIME_MS = 31 * 60 * 1000;
/** The SDK's own retries of a failed request (with the same idempotency key). */
const NETWORK_RETRIES = 2;
const REQUEST_TIMEOUT_MS = 20_000;
/** What a client is told to wait before trying again when Stripe is not answering. */
const RETRY_AFTER_SECONDS = 30;
/** Stripe's limit on a metadata value. */
const METADATA_VALUE_MAX = 500;

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  /** Another host, port and protocol for the SDK (the tests' Stripe peer). */
  apiUrl?: string;
}

/** The SDK client, pointed at Stripe or at STRIPE_API_URL. */
function stripeClient(settings: StripeSettings): Stripe {
  const api = settings.apiUrl ? new URL(settings.apiUrl) : undefined;
  const protocol = api?.protocol === "http:" ? "http" : "https";
  return new Stripe(settings.secretKey, {
    maxNetworkRetries: NETWORK_RETRIES,
    timeout: REQUEST_TIMEOUT_MS,
    telemetry: false,
    appInfo: { name: "lms-billing" },
    ...(api ? { host: api.hostname, port: api.port || (protocol === "http" ? 80 : 443), protocol } : {}),
  });
}

export class StripePaymentProvider implements PaymentProvider {
  readonly name = "stripe" as const;
  readonly stripe: Stripe;

  constructor(
    readonly settings: StripeSettings,
    private readonly log: Logger,
  ) {
    this.stripe = stripeClient(settings);
  }

  async createCheckout(request: CheckoutRequest): Promise<ProviderCheckout> {
    const metadata = { payment_id: request.paymentId };
    const session = await this.#call("checkout", { paymentId: request.paymentId }, () =>
      this.stripe.checkout.sessions.create(
        {
          mode: "payment",
          line_items: [
            {
              quantity: 1,
              price_data: { currency: request.currency.toLowerCase(), unit_amount: request.amountCents, product_data: { name: request.courseTitle } },
            },
          ],
          client_reference_id: request.paymentId,
          metadata,
          // Charges, refunds and disputes hang from the PaymentIntent: its metadata names the payment too.
          payment_intent_data: { metadata },
          customer_email: request.customerEmail,
          success_url: request.successUrl,
          cancel_url: request.cancelUrl,
          expires_at: checkoutExpiry(request.paymentId),
        },
        { idempotencyKey: `checkout:${request.paymentId}` },
      ),
    );
    return { providerReference: session.id, checkoutUrl: session.url, clientSecret: null };
  }

  async refund(request: { paymentId: string; refundId: string; providerReference: string; amountCents: number; reason: string | null }): Promise<{ providerReference: string }> {
    const context = { paymentId: request.paymentId, refundId: request.refundId };
    const intentId = await this.#call("refund", context, () => this.paymentIntentIdOf(request.providerReference));
    if (!intentId) throw conflict("Only a payment that succeeded can be refunded.", { reason: "PAYMENT_NOT_REFUNDABLE" });
    const refund = await this.#call("refund", context, () =>
      this.stripe.refunds.create(
        {
          payment_intent: intentId,
          amount: request.amountCents,
          reason: "requested_by_customer",
          metadata: {
            payment_id: request.paymentId,
            refund_id: request.refundId,
            ...(request.reason ? { reason: request.reason.slice(0, METADATA_VALUE_MAX) } : {}),
          },
        },
        { idempotencyKey: `refund:${request.refundId}` },
      ),
    );
    return { providerReference: refund.id };
  }

  async fetchState(payment: { id: string; providerReference: string }): Promise<ProviderPaymentState> {
    return this.#call("fetchState", { paymentId: payment.id }, async () =>
      stateOfSession(await this.stripe.checkout.sessions.retrieve(payment.providerReference, { expand: ["payment_intent.latest_charge"] })),
    );
  }

  /**
   * Expires the payment's open Checkout Session (keyed by the payment, so a retry is the same
   * request). Stripe refuses to expire a session that is no longer open: it is then read to tell
   * an expired one (fine: it takes no payment) from one completed meanwhile (paid, or a delayed
   * payment under way), which must not be canceled here.
   */
  async expireCheckout(payment: { id: string; providerReference: string }): Promise<CheckoutEnding> {
    const context = { paymentId: payment.id };
    const expired = await this.#call("expireCheckout", context, () =>
      this.stripe.checkout.sessions.expire(payment.providerReference, {}, { idempotencyKey: `expire:${payment.id}` }).then(
        () => true,
        (error: unknown) => {
          if (error instanceof Stripe.errors.StripeInvalidRequestError) return false;
          throw error;
        },
      ),
    );
    if (expired) return "expired";
    const session = await this.#call("expireCheckout", context, () => this.stripe.checkout.sessions.retrieve(payment.providerReference));
    if (session.status === "expired") return "expired";
    if (session.status === "complete") return "completed";
    this.log.error({ ...context, sessionId: session.id, status: session.status }, "Stripe refused to expire an open Checkout Session");
    throw providerUnavailable();
  }

  /** The PaymentIntent of a payment's Checkout Session (made once the customer pays), or null. */
  async paymentIntentIdOf(sessionId: string): Promise<string | null> {
    const session = await this.stripe.checkout.sessions.retrieve(sessionId);
    return idOf(session.payment_intent);
  }

  /** Runs one exchange with Stripe; its failures become refusals a client can act on, Stripe's own words go to the log. */
  async #call<T>(operation: string, context: Record<string, string>, exchange: () => Promise<T>): Promise<T> {
    try {
      return await exchange();
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeError)) throw error;
      const refusal = refusalOf(error);
      const entry = { ...context, operation, stripe: { type: error.type, code: error.code, status: error.statusCode, requestId: error.requestId, message: error.message } };
      if (refusal) this.log.warn(entry, "Stripe refused a request");
      else this.log.error(entry, "Stripe request failed");
      throw refusal ?? providerUnavailable();
    }
  }
}

/** Makes the Stripe provider of a configuration whose payments are Stripe's. */
export function createStripeProvider(config: Config, log: Logger): StripePaymentProvider {
  if (config.payments.provider !== "stripe") throw new Error("the Stripe provider needs PAYMENTS_PROVIDER=stripe's settings");
  const { secretKey, webhookSecret, apiUrl } = config.payments;
  return new StripePaymentProvider({ secretKey, webhookSecret, apiUrl }, log.child({ provider: "stripe" }));
}

/**
 * The session's expiry, the same for every call about one payment (an idempotent retry must send
 * the same parameters): an hour after the payment's creation, which its UUIDv7 id carries. A
 * checkout started long after (a retry after an outage) gets Stripe's shortest allowed instead.
 */
function checkoutExpiry(paymentId: string, now = Date.now()): number {
  const createdAt = paymentCreatedAt(paymentId)?.getTime() ?? now;
  return Math.floor(Math.max(createdAt + CHECKOUT_LIFETIME_MS, now + CHECKOUT_MIN_LIFETIME_MS) / 1000);
}

function idOf(reference: string | { id: string } | null | undefined): string | null {
  if (!reference) return null;
  return typeof reference === "string" ? reference : reference.id;
}

function refundedOf(intent: Stripe.PaymentIntent | null): number {
  const charge = intent?.latest_charge;
  return charge && typeof charge === "object" ? charge.amount_refunded : 0;
}

/** A PaymentIntent's last attempt failed and no new one is under way. */
function failed(intent: Stripe.PaymentIntent): boolean {
  return intent.status === "requires_payment_method" && intent.last_payment_error != null;
}

/**
 * A Checkout Session's payment: paid, or expired unpaid (canceled), or completed with a delayed
 * method that is under way (processing) or then failed; an open session is pending even after a
 * declined card, since the customer may try another on the same page.
 */
function stateOfSession(session: Stripe.Checkout.Session): ProviderPaymentState {
  const intent = session.payment_intent && typeof session.payment_intent === "object" ? session.payment_intent : null;
  if (session.payment_status === "paid") return { outcome: "succeeded", refundedCents: refundedOf(intent) };
  if (session.status === "expired") return { outcome: "canceled", refundedCents: 0 };
  if (session.status === "complete" && intent && (failed(intent) || intent.status === "canceled")) return { outcome: "failed", refundedCents: 0 };
  if (session.status === "complete") return { outcome: "processing", refundedCents: 0 };
  return { outcome: "pending", refundedCents: 0 };
}

/** Stripe is down, slow or throttling us: nothing the client did; worth another try later. */
function providerUnavailable(): GraphQLError {
  return new GraphQLError("The payment service is not answering; try again in a moment.", {
    extensions: { code: ErrorCode.RATE_LIMITED, reason: "PAYMENT_PROVIDER_UNAVAILABLE" satisfies ErrorReason, retryAfterSeconds: RETRY_AFTER_SECONDS },
  });
}

/**
 * The refusal a client should see for what Stripe refused because of the request's content; null
 * for the rest (an outage, or a mistake of ours such as a wrong key: logged as errors).
 */
function refusalOf(error: InstanceType<typeof Stripe.errors.StripeError>): GraphQLError | null {
  switch (error.code) {
    case "amount_too_large":
      return badInput({ amountCents: "is more than what is left to refund of this payment" });
    case "charge_already_refunded":
    case "charge_disputed":
    case "charge_not_refundable":
      return conflict("The payment service refused the refund; nothing was refunded.", { reason: "REFUND_FAILED" });
    case "amount_too_small":
      return conflict("The course's price is below the smallest amount the payment service accepts.", { reason: "PRICE_NOT_PAYABLE" });
    default:
      return null;
  }
}
