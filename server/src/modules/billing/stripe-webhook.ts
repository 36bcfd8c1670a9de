// POST /webhooks/stripe: Stripe's word on our payments. The signature is checked over the raw
// body (no JSON parser runs before it); each event becomes at most one PaymentFact, applied by
// applyPaymentFact with the event's id, so a replay or a duplicate does nothing and events in any
// order end in the same state. The answer tells Stripe whether to send the event again: 400 for a
// body that is not Stripe's, 200 once handled (also for payments we do not know: retrying would
// not make them known), 500 when something failed here (the database, Stripe), so Stripe retries.
import express, { type Router } from "express";
import Stripe from "stripe";
import type { Platform } from "../../platform/platform.ts";
import { applyPaymentFact, type PaymentFact } from "./payment-settlement.service.ts";
import { paymentProvider } from "./providers.ts";
import { StripePaymentProvider } from "./stripe-provider.ts";

const STRIPE_WEBHOOK_PATH = "/webhooks/stripe";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Outcome = "applied" | "duplicate" | "ignored" | "unknown payment" | "not handled";

/** What an event says about which of our payments, and the fact it tells, if any. */
interface Translation {
  /** metadata.payment_id, when the object (or its PaymentIntent) carries it. */
  paymentId?: string;
  /** The Checkout Session's id: the payment's provider reference. */
  sessionId?: string;
  fact: PaymentFact | null;
}

export function stripeWebhookRoutes(router: Router, platform: Platform): void {
  router.post(STRIPE_WEBHOOK_PATH, express.raw({ type: () => true, limit: platform.config.maxBodyBytes }), async (request, response) => {
    const provider = await paymentProvider(platform.config);
    if (!(provider instanceof StripePaymentProvider)) return void response.status(404).type("text/plain").send("Not found.");
    const body: Buffer = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const signature = request.headers["stripe-signature"];
    let event: Stripe.Event;
    try {
      if (typeof signature !== "string") throw new Error("no Stripe-Signature header");
      event = provider.stripe.webhooks.constructEvent(body, signature, provider.settings.webhookSecret);
    } catch (error) {
      platform.log.warn({ err: error, path: STRIPE_WEBHOOK_PATH }, "Stripe webhook refused: its signature does not verify");
      return void response.status(400).json({ error: "The Stripe-Signature header does not verify this body." });
    }
    try {
      const outcome = await handleStripeEvent(platform, provider, event);
      platform.log.info({ stripeEvent: event.id, type: event.type, outcome }, "Stripe webhook handled");
      response.status(200).json({ received: true, outcome });
    } catch (error) {
      platform.log.error({ err: error, stripeEvent: event.id, type: event.type }, "Stripe webhook failed; Stripe will send it again");
      response.status(500).json({ error: "The event could not be handled now." });
    }
  });
}

/** Applies what a verified event tells about one of our payments. */
async function handleStripeEvent(platform: Platform, provider: StripePaymentProvider, event: Stripe.Event): Promise<Outcome> {
  const translation = await translate(provider, event);
  if (!translation?.fact) return "not handled";
  const payment = await findStripePayment(platform, translation);
  if (!payment) {
    platform.log.warn({ stripeEvent: event.id, type: event.type, paymentId: translation.paymentId, sessionId: translation.sessionId }, "Stripe event for no payment of ours");
    return "unknown payment";
  }
  return applyPaymentFact(platform, { provider: "stripe", eventId: event.id, paymentId: payment.id, occurredAt: new Date(event.created * 1000), ...translation.fact });
}

async function findStripePayment(platform: Platform, { paymentId, sessionId }: Translation) {
  const select = { id: true } as const;
  if (paymentId && UUID.test(paymentId)) {
    const byId = await platform.db.payment.findFirst({ where: { id: paymentId, provider: "stripe" }, select });
    if (byId) return byId;
  }
  if (!sessionId) return null;
  return platform.db.payment.findFirst({ where: { provider: "stripe", providerReference: sessionId }, select });
}

const DECLINED = "The payment did not go through.";

async function translate(provider: StripePaymentProvider, event: Stripe.Event): Promise<Translation | null> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = event.data.object;
      // Completed but unpaid: a delayed method (a bank debit) is under way (PROCESSING); async_payment_succeeded or _failed settles it.
      const fact: PaymentFact = session.payment_status === "paid" ? { kind: "succeeded" } : { kind: "processing" };
      return { ...ofSession(session), fact };
    }
    case "checkout.session.async_payment_failed":
      return { ...ofSession(event.data.object), fact: { kind: "failed", message: DECLINED } };
    case "checkout.session.expired":
      return { ...ofSession(event.data.object), fact: { kind: "canceled" } };
    case "payment_intent.succeeded":
      return { paymentId: event.data.object.metadata?.payment_id, fact: { kind: "succeeded" } };
    // A declined card on Stripe's page: the customer may try another there. The session says when
    // the payment failed for good (async_payment_failed) or was abandoned (expired).
    case "payment_intent.payment_failed":
      return null;
    case "charge.refunded": {
      const charge = event.data.object;
      const intentId = idOf(charge.payment_intent);
      const paymentId = charge.metadata?.payment_id ?? (intentId ? await paymentIdOfIntent(provider, intentId) : undefined);
      // The total refunded so far, not this refund: events in any order leave the largest total.
      return { paymentId, fact: { kind: "refunded", refundedCents: charge.amount_refunded } };
    }
    case "charge.dispute.created":
    case "charge.dispute.closed": {
      const dispute = event.data.object;
      const intentId = idOf(dispute.payment_intent);
      const paymentId = intentId ? await paymentIdOfIntent(provider, intentId) : undefined;
      if (event.type === "charge.dispute.created") return { paymentId, fact: { kind: "disputeOpened", disputeId: dispute.id } };
      // warning_closed: an inquiry closed without becoming a dispute; no money was taken back.
      const won = dispute.status === "won" || dispute.status === "warning_closed";
      if (!won && dispute.status !== "lost") return null;
      return { paymentId, fact: { kind: "disputeClosed", disputeId: dispute.id, won } };
    }
    default:
      return null;
  }
}

function ofSession(session: Stripe.Checkout.Session): Omit<Translation, "fact"> {
  return { paymentId: session.metadata?.payment_id, sessionId: session.id };
}

/** A dispute names no payment of ours: its PaymentIntent does (payment_intent_data.metadata). */
async function paymentIdOfIntent(provider: StripePaymentProvider, intentId: string): Promise<string | undefined> {
  const intent = await provider.stripe.paymentIntents.retrieve(intentId);
  return intent.metadata?.payment_id;
}

function idOf(reference: string | { id: string } | null | undefined): string | null {
  if (!reference) return null;
  return typeof reference === "string" ? reference : reference.id;
}
