// A Stripe-speaking HTTP server on loopback, for the real `stripe` SDK to talk to in tests (the
// SDK's host, port and protocol options, from STRIPE_API_URL). It answers the few endpoints the
// billing module uses (creating, reading and expiring Checkout Sessions, refunds, reads of
// PaymentIntents, charges and disputes) with objects shaped like Stripe's, keeps Stripe's rules for idempotency keys
// and amounts, records every request so tests can assert what the SDK sent, and lets tests act as
// the customer, the dashboard and Stripe itself: pay, decline, expire, refund, dispute, and build
// webhook events signed with the SDK's own test-header helper.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

/** What the SDK sent, as the peer understood it. */
export interface RecordedRequest {
  method: string;
  /** The path without its query, e.g. /v1/checkout/sessions. */
  path: string;
  /** Query (GET) or form body (POST) parameters, decoded from Stripe's bracket notation. */
  params: Params;
  idempotencyKey: string | undefined;
  /** Whether the Authorization header carried the peer's secret key as a bearer. */
  authorized: boolean;
  stripeVersion: string | undefined;
  status: number;
  /** Answered from the idempotency store: same key and parameters as an earlier request. */
  replayed: boolean;
  /** The id of the object this request created, when it created one. */
  created?: string;
}

export type Params = { [key: string]: ParamValue };
export type ParamValue = string | Params | ParamValue[];

type Json = Record<string, unknown>;

export interface PeerCheckoutSession extends Json {
  id: string;
  object: "checkout.session";
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  cancel_url: string | null;
  success_url: string;
  client_reference_id: string | null;
  customer_email: string | null;
  created: number;
  expires_at: number;
  metadata: Record<string, string>;
  mode: "payment";
  payment_intent: string | null;
  payment_status: "unpaid" | "paid";
  status: "open" | "complete" | "expired";
  url: string | null;
}

export interface PeerPaymentIntent extends Json {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_received: number;
  currency: string;
  client_secret: string;
  created: number;
  latest_charge: string | null;
  last_payment_error: { type: string; code: string; decline_code?: string; message: string } | null;
  metadata: Record<string, string>;
  status: "requires_payment_method" | "processing" | "succeeded" | "canceled";
  canceled_at: number | null;
  cancellation_reason: string | null;
}

export interface PeerCharge extends Json {
  id: string;
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  captured: boolean;
  currency: string;
  created: number;
  disputed: boolean;
  metadata: Record<string, string>;
  paid: boolean;
  payment_intent: string;
  refunded: boolean;
  status: "succeeded";
}

export interface PeerRefund extends Json {
  id: string;
  object: "refund";
  amount: number;
  charge: string;
  created: number;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: string | null;
  status: "succeeded";
}

export interface PeerDispute extends Json {
  id: string;
  object: "dispute";
  amount: number;
  charge: string;
  created: number;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: string;
  status: "needs_response" | "under_review" | "won" | "lost";
}

/** A webhook event as Stripe sends it: a snapshot of the object when it happened. */
export interface StripeEvent {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: Json; previous_attributes?: Json };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface InjectedFailure {
  status: number;
  type: "api_error" | "invalid_request_error" | "card_error" | "rate_limit_error";
  message: string;
  code?: string;
}

interface RequestMatch {
  method: string;
  path: string | RegExp;
}

export interface StripePeer {
  /** http://127.0.0.1:<port>, for STRIPE_API_URL. */
  url: string;
  secretKey: string;
  webhookSecret: string;
  /** The server's configuration that points it at this peer. */
  env: { STRIPE_SECRET_KEY: string; STRIPE_WEBHOOK_SECRET: string; STRIPE_API_URL: string };
  requests: RecordedRequest[];
  /** The events Stripe sends for what API requests did (an expired session's), to deliver as webhooks. */
  apiEvents: StripeEvent[];
  /** Requests of one method whose path matches. */
  requestsTo(method: string, path: string | RegExp): RecordedRequest[];
  /**
   * Breaches of what the billing module promises the peer (an explicit idempotency key on each
   * create, the payment's id in metadata): each test file checks the list is empty.
   */
  violations: string[];
  sessions: Map<string, PeerCheckoutSession>;
  paymentIntents: Map<string, PeerPaymentIntent>;
  charges: Map<string, PeerCharge>;
  refunds: Map<string, PeerRefund>;
  disputes: Map<string, PeerDispute>;
  /** The checkout sessions created for one of our payments (its metadata.payment_id). */
  sessionsOfPayment(paymentId: string): PeerCheckoutSession[];
  /** The customer pays by card on the hosted page: the session completes, paid. */
  pay(sessionId: string): StripeEvent[];
  /** The card is declined on the hosted page: the session stays open for another try. */
  declineCard(sessionId: string): StripeEvent[];
  /** The customer submits a delayed method (a bank debit): complete but unpaid until it settles. */
  startDelayedPayment(sessionId: string): StripeEvent[];
  settleDelayedPayment(sessionId: string, outcome: "succeeded" | "failed"): StripeEvent[];
  /** The session lapses unpaid (as at its expires_at, or through POST /v1/checkout/sessions/:id/expire). */
  expire(sessionId: string): StripeEvent[];
  /** A refund made in Stripe's dashboard (no API request of ours). */
  refundInDashboard(paymentIntentId: string, amount: number): StripeEvent[];
  openDispute(paymentIntentId: string): { dispute: PeerDispute; events: StripeEvent[] };
  closeDispute(disputeId: string, outcome: "won" | "lost"): StripeEvent[];
  /** An event of `type` carrying a snapshot of `object` now. */
  event(type: string, object: Json): StripeEvent;
  /** The event's body and a Stripe-Signature header for it (the SDK's test-header helper). */
  sign(event: StripeEvent, options?: { secret?: string; timestamp?: number }): { payload: string; header: string };
  /** POSTs the event to the server's /webhooks/stripe as Stripe does; `signature` replaces the real header (null: none). */
  deliver(serverUrl: string, event: StripeEvent, options?: { signature?: string | null; payload?: string }): Promise<{ status: number; body: string }>;
  /** The next `times` requests matching answer this error without doing anything. */
  failNext(match: RequestMatch, failure: InjectedFailure, times?: number): void;
  /** The next matching request is carried out, then its connection is cut before the answer. */
  dropNextAnswer(match: RequestMatch): void;
  close(): Promise<void>;
}

/** Stripe keeps an idempotent result for 24 hours; a test file lasts far less. */
interface StoredResult {
  method: string;
  path: string;
  params: string;
  status: number;
  body: string;
}

const CHECKOUT_MIN_LIFETIME_SECONDS = 30 * 60;
const CHECKOUT_MAX_LIFETIME_SECONDS = 24 * 3600;
const CHECKOUT_DEFAULT_LIFETIME_SECONDS = 24 * 3600;
/** Stripe's smallest charge is about 50 cents; the peer asks 50 minor units of any currency. */
const MINIMUM_AMOUNT = 50;
/** Clock skew the peer forgives when checking expires_at (the server and peer share a clock). */
const CLOCK_SLACK_SECONDS = 60;
const REFUND_REASONS = ["duplicate", "fraudulent", "requested_by_customer"];

export async function startStripePeer(): Promise<StripePeer> {
  const secretKey = `sk_test_${token(24)}`;
  const webhookSecret = `whsec_${token(32)}`;
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const apiEvents: StripeEvent[] = [];
  const sessions = new Map<string, PeerCheckoutSession>();
  const intentMetadataOfSession = new Map<string, Record<string, string>>();
  const paymentIntents = new Map<string, PeerPaymentIntent>();
  const charges = new Map<string, PeerCharge>();
  const refunds = new Map<string, PeerRefund>();
  const disputes = new Map<string, PeerDispute>();
  const idempotent = new Map<string, StoredResult>();
  const failures: { match: RequestMatch; failure: InjectedFailure; left: number }[] = [];
  const drops: RequestMatch[] = [];
  let url = "";

  const matches = (match: RequestMatch, method: string, path: string) =>
    match.method === method && (typeof match.path === "string" ? match.path === path : match.path.test(path));

  function event(type: string, object: Json, previous?: Json): StripeEvent {
    return {
      id: `evt_${token(24)}`,
      object: "event",
      api_version: Stripe.API_VERSION,
      created: now(),
      data: { object: structuredClone(object), ...(previous ? { previous_attributes: structuredClone(previous) } : {}) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
  }

  // ---- the objects' life, shared by the API and the test drivers ----

  function newPaymentIntent(amount: number, currency: string, metadata: Record<string, string>): PeerPaymentIntent {
    const id = `pi_${token(24)}`;
    const intent: PeerPaymentIntent = {
      id,
      object: "payment_intent",
      amount,
      amount_received: 0,
      currency,
      client_secret: `${id}_secret_${token(24)}`,
      created: now(),
      latest_charge: null,
      last_payment_error: null,
      metadata: { ...metadata },
      status: "requires_payment_method",
      canceled_at: null,
      cancellation_reason: null,
      livemode: false,
    };
    paymentIntents.set(id, intent);
    return intent;
  }

  /** The session's PaymentIntent, made when the customer first submits the page (as Stripe does today). */
  function intentOfSession(session: PeerCheckoutSession): PeerPaymentIntent {
    if (session.payment_intent) return mustFind(paymentIntents, session.payment_intent);
    const intent = newPaymentIntent(session.amount_total, session.currency, intentMetadataOfSession.get(session.id) ?? {});
    session.payment_intent = intent.id;
    return intent;
  }

  /** A successful charge; Stripe copies the PaymentIntent's metadata onto it once, at confirmation. */
  function succeed(intent: PeerPaymentIntent): PeerCharge {
    const charge: PeerCharge = {
      id: `ch_${token(24)}`,
      object: "charge",
      amount: intent.amount,
      amount_captured: intent.amount,
      amount_refunded: 0,
      captured: true,
      currency: intent.currency,
      created: now(),
      disputed: false,
      metadata: { ...intent.metadata },
      paid: true,
      payment_intent: intent.id,
      refunded: false,
      status: "succeeded",
      livemode: false,
    };
    charges.set(charge.id, charge);
    intent.status = "succeeded";
    intent.amount_received = intent.amount;
    intent.latest_charge = charge.id;
    intent.last_payment_error = null;
    return charge;
  }

  function openSession(id: string): PeerCheckoutSession {
    const session = mustFind(sessions, id);
    if (session.status !== "open") throw new Error(`checkout session ${id} is ${session.status}, not open`);
    return session;
  }

  function chargeOfIntent(paymentIntentId: string): PeerCharge {
    const intent = mustFind(paymentIntents, paymentIntentId);
    if (!intent.latest_charge) throw new Error(`payment intent ${paymentIntentId} has no charge`);
    return mustFind(charges, intent.latest_charge);
  }

  function refund(charge: PeerCharge, amount: number, reason: string | null, metadata: Record<string, string>): PeerRefund {
    const created: PeerRefund = {
      id: `re_${token(24)}`,
      object: "refund",
      amount,
      charge: charge.id,
      created: now(),
      currency: charge.currency,
      metadata,
      payment_intent: charge.payment_intent,
      reason,
      status: "succeeded",
    };
    refunds.set(created.id, created);
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount;
    return created;
  }

  // ---- the API ----

  type Answer = { status: number; body: Json; created?: string };

  function fail(status: number, type: string, message: string, extra: { code?: string; param?: string } = {}): Answer {
    return { status, body: { error: { type, message, ...extra } } };
  }

  function invalid(message: string, param: string, code = "parameter_invalid"): Answer {
    return fail(400, "invalid_request_error", message, { code, param });
  }

  function missing(kind: string, id: string, param: string): Answer {
    return fail(404, "invalid_request_error", `No such ${kind}: '${id}'`, { code: "resource_missing", param });
  }

  function expanded(object: Json, expand: string[]): Json {
    const copy = structuredClone(object);
    for (const path of expand) {
      let holder: Json | undefined = copy;
      const steps = path.split(".");
      for (const [index, step] of steps.entries()) {
        if (!holder) break;
        const value = holder[step];
        if (typeof value === "string") {
          const found = paymentIntents.get(value) ?? charges.get(value);
          if (!found) break;
          holder[step] = structuredClone(found);
        }
        holder = index < steps.length - 1 && typeof holder[step] === "object" ? (holder[step] as Json) : undefined;
      }
    }
    return copy;
  }

  function expandOf(params: Params): string[] {
    const expand = params.expand;
    return Array.isArray(expand) ? expand.filter((value): value is string => typeof value === "string") : [];
  }

  function createCheckoutSession(params: Params): Answer {
    if (params.mode !== "payment") return invalid("Only mode=payment is offered by this peer.", "mode", params.mode ? "parameter_invalid" : "parameter_missing");
    const successUrl = stringParam(params.success_url);
    if (!successUrl || !isHttpUrl(successUrl)) return invalid("Not a valid URL", "success_url", successUrl ? "url_invalid" : "parameter_missing");
    const cancelUrl = stringParam(params.cancel_url);
    if (cancelUrl !== undefined && !isHttpUrl(cancelUrl)) return invalid("Not a valid URL", "cancel_url", "url_invalid");
    const items = params.line_items;
    if (!Array.isArray(items) || items.length === 0) return invalid("line_items is required in payment mode.", "line_items", "parameter_missing");
    let total = 0;
    let currency: string | undefined;
    for (const [index, item] of items.entries()) {
      if (typeof item !== "object" || Array.isArray(item)) return invalid("Invalid line item.", `line_items[${index}]`);
      const quantity = integerParam(item.quantity);
      if (quantity === undefined || quantity < 1) return invalid("Invalid integer", `line_items[${index}][quantity]`, "parameter_invalid_integer");
      const price = item.price_data;
      if (typeof price !== "object" || Array.isArray(price)) return invalid("price_data is required.", `line_items[${index}][price_data]`, "parameter_missing");
      const itemCurrency = stringParam(price.currency);
      if (!itemCurrency || !/^[a-z]{3}$/.test(itemCurrency)) return invalid(`Invalid currency: ${itemCurrency}.`, `line_items[${index}][price_data][currency]`);
      if (currency && currency !== itemCurrency) return invalid("All line items must have the same currency.", `line_items[${index}][price_data][currency]`);
      currency = itemCurrency;
      const unitAmount = integerParam(price.unit_amount);
      if (unitAmount === undefined || unitAmount < 0) return invalid("Invalid integer", `line_items[${index}][price_data][unit_amount]`, "parameter_invalid_integer");
      const product = price.product_data;
      if (typeof product !== "object" || Array.isArray(product) || !stringParam(product.name)) {
        return invalid("product_data[name] is required.", `line_items[${index}][price_data][product_data][name]`, "parameter_missing");
      }
      total += unitAmount * quantity;
    }
    if (total < MINIMUM_AMOUNT) return invalid(`The Checkout Session's total amount due must add up to at least ${MINIMUM_AMOUNT} minor units.`, "line_items", "amount_too_small");
    const created = now();
    const expiresAt = params.expires_at === undefined ? created + CHECKOUT_DEFAULT_LIFETIME_SECONDS : integerParam(params.expires_at);
    if (
      expiresAt === undefined ||
      expiresAt < created + CHECKOUT_MIN_LIFETIME_SECONDS - CLOCK_SLACK_SECONDS ||
      expiresAt > created + CHECKOUT_MAX_LIFETIME_SECONDS + CLOCK_SLACK_SECONDS
    ) {
      return invalid("The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.", "expires_at");
    }
    const email = stringParam(params.customer_email);
    if (email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(email)) return invalid("Invalid email address", "customer_email", "email_invalid");
    const metadata = metadataParam(params.metadata);
    if (typeof metadata === "string") return invalid(metadata, "metadata");
    const intentData = params.payment_intent_data;
    const intentMetadata = typeof intentData === "object" && !Array.isArray(intentData) ? metadataParam(intentData.metadata) : {};
    if (typeof intentMetadata === "string") return invalid(intentMetadata, "payment_intent_data[metadata]");
    if (!metadata.payment_id) violations.push("a checkout session was created without metadata.payment_id");
    if (!intentMetadata.payment_id) violations.push("a checkout session was created without payment_intent_data.metadata.payment_id");

    const id = `cs_test_${token(40)}`;
    const session: PeerCheckoutSession = {
      id,
      object: "checkout.session",
      amount_subtotal: total,
      amount_total: total,
      currency: currency!,
      cancel_url: cancelUrl ?? null,
      success_url: successUrl.replace("{CHECKOUT_SESSION_ID}", id),
      client_reference_id: stringParam(params.client_reference_id) ?? null,
      customer_email: email ?? null,
      created,
      expires_at: expiresAt,
      livemode: false,
      metadata,
      mode: "payment",
      payment_intent: null,
      payment_status: "unpaid",
      status: "open",
      url: `${url}/c/pay/${id}`,
    };
    sessions.set(id, session);
    intentMetadataOfSession.set(id, intentMetadata);
    return { status: 200, body: session, created: id };
  }

  function createRefund(params: Params): Answer {
    const chargeId = stringParam(params.charge);
    const intentId = stringParam(params.payment_intent);
    let charge: PeerCharge | undefined;
    if (chargeId) {
      charge = charges.get(chargeId);
      if (!charge) return missing("charge", chargeId, "charge");
    } else if (intentId) {
      const intent = paymentIntents.get(intentId);
      if (!intent) return missing("payment_intent", intentId, "payment_intent");
      if (!intent.latest_charge) return invalid(`PaymentIntent ${intentId} does not have a successful charge to refund.`, "payment_intent", "charge_not_refundable");
      charge = mustFind(charges, intent.latest_charge);
    } else {
      return invalid("One of the following params should be provided for this request: payment_intent or charge.", "charge", "parameter_missing");
    }
    const left = charge.amount - charge.amount_refunded;
    const amount = params.amount === undefined ? left : integerParam(params.amount);
    if (amount === undefined || amount < 1) return invalid("Invalid positive integer", "amount", "parameter_invalid_integer");
    if (amount > left) {
      return invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, "amount", "amount_too_large");
    }
    const reason = stringParam(params.reason);
    if (reason !== undefined && !REFUND_REASONS.includes(reason)) return invalid(`Invalid reason: must be one of ${REFUND_REASONS.join(", ")}`, "reason");
    const metadata = metadataParam(params.metadata);
    if (typeof metadata === "string") return invalid(metadata, "metadata");
    const created = refund(charge, amount, reason ?? null, metadata);
    return { status: 200, body: created, created: created.id };
  }

  /** Only an open session can be expired; Stripe then sends checkout.session.expired (kept in apiEvents). */
  function expireCheckoutSession(id: string): Answer {
    const session = sessions.get(id);
    if (!session) return missing("checkout.session", id, "session");
    if (session.status !== "open") return invalid(`Only Checkout Sessions with a status in ["open"] can be expired.`, "session", "checkout_session_not_expirable");
    apiEvents.push(...expireSession(session));
    return { status: 200, body: session };
  }

  function expireSession(session: PeerCheckoutSession): StripeEvent[] {
    session.status = "expired";
    session.url = null;
    const events: StripeEvent[] = [];
    if (session.payment_intent) {
      const intent = mustFind(paymentIntents, session.payment_intent);
      intent.status = "canceled";
      intent.canceled_at = now();
      intent.cancellation_reason = "abandoned";
      events.push(event("payment_intent.canceled", intent));
    }
    events.push(event("checkout.session.expired", session));
    return events;
  }

  function route(method: string, path: string, params: Params): Answer {
    const [, resource, id] = /^\/v1\/(checkout\/sessions|payment_intents|charges|refunds|disputes)(?:\/([^/]+))?$/.exec(path) ?? [];
    if (method === "POST" && !id) {
      if (resource === "checkout/sessions") return createCheckoutSession(params);
      if (resource === "refunds") return createRefund(params);
    }
    const expiring = /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/.exec(path);
    if (method === "POST" && expiring) return expireCheckoutSession(expiring[1]!);
    if (method === "GET" && id) {
      const store = { "checkout/sessions": sessions, payment_intents: paymentIntents, charges, refunds, disputes }[resource!] as Map<string, Json>;
      const found = store.get(id);
      const kind = { "checkout/sessions": "checkout.session", payment_intents: "payment_intent", charges: "charge", refunds: "refund", disputes: "dispute" }[resource!]!;
      if (!found) return missing(kind, id, "id");
      return { status: 200, body: expanded(found, expandOf(params)) };
    }
    return fail(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}).`);
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const target = new URL(request.url ?? "/", "http://peer");
    const method = request.method ?? "GET";
    const path = target.pathname;
    const params = parseStripeForm(method === "GET" ? target.search.slice(1) : Buffer.concat(chunks).toString("utf8"));
    const idempotencyKey = headerOf(request, "idempotency-key");
    const recorded: RecordedRequest = {
      method,
      path,
      params,
      idempotencyKey,
      authorized: request.headers.authorization === `Bearer ${secretKey}`,
      stripeVersion: headerOf(request, "stripe-version"),
      status: 0,
      replayed: false,
    };
    requests.push(recorded);
    const headers: Record<string, string> = { "content-type": "application/json", "request-id": `req_${token(14)}`, "stripe-version": Stripe.API_VERSION };
    const send = (status: number, body: string, extra: Record<string, string> = {}) => {
      recorded.status = status;
      response.writeHead(status, { ...headers, ...extra });
      response.end(body);
    };

    if (!recorded.authorized) {
      const answer = fail(401, "invalid_request_error", "Invalid API Key provided: the key is not the peer's secret key.");
      return send(answer.status, JSON.stringify(answer.body));
    }
    const injected = failures.find((entry) => entry.left > 0 && matches(entry.match, method, path));
    if (injected) {
      injected.left -= 1;
      const { status, type, message, code } = injected.failure;
      return send(status, JSON.stringify({ error: { type, message, ...(code ? { code } : {}) } }));
    }
    // Every POST the billing module sends creates something: its key must come from our ids, so a
    // retry after a crash (a new process, a new random key) still finds the first object.
    if (method === "POST" && !idempotencyKey) violations.push(`POST ${path} without an Idempotency-Key`);
    if (method === "POST" && idempotencyKey?.startsWith("stripe-node-retry-")) violations.push(`POST ${path} with the SDK's random Idempotency-Key, not one derived from our ids`);
    const stored = method === "POST" && idempotencyKey ? idempotent.get(idempotencyKey) : undefined;
    const canonical = canonicalJson(params);
    if (stored) {
      if (stored.method !== method || stored.path !== path || stored.params !== canonical) {
        const answer = fail(
          400,
          "idempotency_error",
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        );
        return send(answer.status, JSON.stringify(answer.body));
      }
      recorded.replayed = true;
      return send(stored.status, stored.body, { "idempotent-replayed": "true" });
    }
    const answer = route(method, path, params);
    const body = JSON.stringify(answer.body);
    if (answer.created) recorded.created = answer.created;
    // Stripe saves a result once the endpoint ran; a request refused by validation saves nothing.
    if (method === "POST" && idempotencyKey && answer.status < 400) idempotent.set(idempotencyKey, { method, path, params: canonical, status: answer.status, body });
    const dropIndex = drops.findIndex((match) => matches(match, method, path));
    if (dropIndex >= 0) {
      drops.splice(dropIndex, 1);
      recorded.status = answer.status;
      request.socket.destroy();
      return;
    }
    send(answer.status, body);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { type: "api_error", message: `peer failure: ${String(error)}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function sign(stripeEvent: StripeEvent, options: { secret?: string; timestamp?: number } = {}) {
    const payload = JSON.stringify(stripeEvent, null, 2);
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? webhookSecret, timestamp: options.timestamp });
    return { payload, header };
  }

  return {
    url,
    secretKey,
    webhookSecret,
    env: { STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_API_URL: url },
    requests,
    apiEvents,
    requestsTo: (method, path) => requests.filter((request) => matches({ method, path }, request.method, request.path)),
    violations,
    sessions,
    paymentIntents,
    charges,
    refunds,
    disputes,
    sessionsOfPayment: (paymentId) => [...sessions.values()].filter((session) => session.metadata.payment_id === paymentId),

    pay(sessionId) {
      const session = openSession(sessionId);
      const intent = intentOfSession(session);
      const charge = succeed(intent);
      session.status = "complete";
      session.payment_status = "paid";
      return [event("charge.succeeded", charge), event("payment_intent.succeeded", intent), event("checkout.session.completed", session)];
    },

    declineCard(sessionId) {
      const session = openSession(sessionId);
      const intent = intentOfSession(session);
      intent.status = "requires_payment_method";
      intent.last_payment_error = { type: "card_error", code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." };
      return [event("payment_intent.payment_failed", intent)];
    },

    startDelayedPayment(sessionId) {
      const session = openSession(sessionId);
      const intent = intentOfSession(session);
      intent.status = "processing";
      session.status = "complete";
      session.payment_status = "unpaid";
      return [event("payment_intent.processing", intent), event("checkout.session.completed", session)];
    },

    settleDelayedPayment(sessionId, outcome) {
      const session = mustFind(sessions, sessionId);
      const intent = intentOfSession(session);
      if (session.status !== "complete" || intent.status !== "processing") throw new Error(`session ${sessionId} has no delayed payment in progress`);
      if (outcome === "succeeded") {
        const charge = succeed(intent);
        session.payment_status = "paid";
        return [event("charge.succeeded", charge), event("payment_intent.succeeded", intent), event("checkout.session.async_payment_succeeded", session)];
      }
      intent.status = "requires_payment_method";
      intent.last_payment_error = { type: "invalid_request_error", code: "payment_method_provider_decline", message: "The bank declined the debit." };
      return [event("payment_intent.payment_failed", intent), event("checkout.session.async_payment_failed", session)];
    },

    expire(sessionId) {
      return expireSession(openSession(sessionId));
    },

    refundInDashboard(paymentIntentId, amount) {
      const charge = chargeOfIntent(paymentIntentId);
      if (amount > charge.amount - charge.amount_refunded) throw new Error(`cannot refund ${amount}: only ${charge.amount - charge.amount_refunded} left`);
      const made = refund(charge, amount, "requested_by_customer", {});
      return [event("refund.created", made), event("charge.refunded", charge, { amount_refunded: charge.amount_refunded - amount })];
    },

    openDispute(paymentIntentId) {
      const charge = chargeOfIntent(paymentIntentId);
      const dispute: PeerDispute = {
        id: `dp_${token(24)}`,
        object: "dispute",
        amount: charge.amount - charge.amount_refunded,
        charge: charge.id,
        created: now(),
        currency: charge.currency,
        metadata: {},
        payment_intent: charge.payment_intent,
        reason: "fraudulent",
        status: "needs_response",
        livemode: false,
      };
      disputes.set(dispute.id, dispute);
      charge.disputed = true;
      return { dispute, events: [event("charge.dispute.created", dispute)] };
    },

    closeDispute(disputeId, outcome) {
      const dispute = mustFind(disputes, disputeId);
      const previous = dispute.status;
      dispute.status = outcome;
      return [event("charge.dispute.closed", dispute, { status: previous })];
    },

    event: (type, object) => event(type, object),
    sign,

    async deliver(serverUrl, stripeEvent, options = {}) {
      const signed = sign(stripeEvent);
      const payload = options.payload ?? signed.payload;
      const signature = options.signature === undefined ? signed.header : options.signature;
      const response = await fetch(`${serverUrl}/webhooks/stripe`, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          ...(signature === null ? {} : { "stripe-signature": signature }),
        },
        body: payload,
      });
      return { status: response.status, body: await response.text() };
    },

    failNext(match, failure, times = 1) {
      failures.push({ match, failure, left: times });
    },

    dropNextAnswer(match) {
      drops.push(match);
    },

    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Events of one type among a driver's events; throws when there is none, naming what there was. */
export function eventOf(events: StripeEvent[], type: string): StripeEvent {
  const found = events.find((candidate) => candidate.type === type);
  if (!found) throw new Error(`no ${type} among ${events.map((candidate) => candidate.type).join(", ")}`);
  return found;
}

/**
 * Stripe's form encoding (the SDK's, like qs): `a[b][0][c]=v` is {a: {b: [{c: "v"}]}}. Keys that
 * are all consecutive indexes from 0 make an array.
 */
export function parseStripeForm(text: string): Params {
  const root: Params = {};
  for (const pair of text.split("&")) {
    if (!pair) continue;
    const separator = pair.indexOf("=");
    const rawKey = separator < 0 ? pair : pair.slice(0, separator);
    const rawValue = separator < 0 ? "" : pair.slice(separator + 1);
    const key = decodeURIComponent(rawKey.replace(/\+/g, " "));
    const value = decodeURIComponent(rawValue.replace(/\+/g, " "));
    const [head, ...rest] = [...key.matchAll(/^[^[]+|\[([^\]]*)\]/g)].map((match) => match[1] ?? match[0]);
    if (head === undefined) continue;
    let holder: Params = root;
    const steps = [head, ...rest];
    for (const [index, step] of steps.entries()) {
      if (index === steps.length - 1) {
        holder[step] = value;
      } else {
        const next = holder[step];
        holder[step] = typeof next === "object" && !Array.isArray(next) ? next : {};
        holder = holder[step] as Params;
      }
    }
  }
  return arraysOf(root) as Params;
}

function arraysOf(value: ParamValue): ParamValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted = Object.fromEntries(keys.map((key) => [key, arraysOf(value[key]!)]));
  const indexed = keys.length > 0 && keys.every((key, index) => key === String(index));
  return indexed ? keys.map((key) => converted[key]!) : converted;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Json)[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

function stringParam(value: ParamValue | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function integerParam(value: ParamValue | undefined): number | undefined {
  return typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : undefined;
}

/** Stripe's metadata limits: 50 keys of up to 40 characters, values of up to 500. */
function metadataParam(value: ParamValue | undefined): Record<string, string> | string {
  if (value === undefined || value === "") return {};
  if (typeof value !== "object" || Array.isArray(value)) return "Invalid object";
  const entries = Object.entries(value);
  if (entries.length > 50) return "Metadata can have up to 50 keys.";
  const metadata: Record<string, string> = {};
  for (const [key, entry] of entries) {
    if (typeof entry !== "string") return `Metadata values must be strings (${key}).`;
    if (key.length > 40) return `Metadata keys can be up to 40 characters long (${key}).`;
    if (entry.length > 500) return `Metadata values can be up to 500 characters long (${key}).`;
    metadata[key] = entry;
  }
  return metadata;
}

function isHttpUrl(value: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function mustFind<T>(map: Map<string, T>, id: string): T {
  const found = map.get(id);
  if (!found) throw new Error(`the peer has no ${id}`);
  return found;
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Random characters like those of Stripe's ids. */
function token(length: number): string {
  return [...randomBytes(length)].map((byte) => ALPHABET[byte % ALPHABET.length]).join("");
}
