// Checkouts and refunds with Stripe: the real SDK against the tests' Stripe peer, which checks and
// records what the SDK sends (the key, idempotency keys, amounts in minor units, the currency in
// lower case, the payment's id in metadata). No double charge: concurrent and repeated checkouts
// make one Checkout Session, retries reuse the idempotency key.
import { expectError } from "../../../test/support/errors.ts";
import { eventOf } from "../../../test/support/stripe-peer.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import { buyer, paidCourse, START_CHECKOUT } from "./billing.fixtures.ts";
import { accessInCourse, checkout, paymentEvents, startStripeServer, storedPayment, type StripeSetup } from "./stripe.fixtures.ts";

let setup: StripeSetup;
let cast: Cast;
beforeAll(async () => {
  setup = await startStripeServer();
  cast = await signUpCast(setup.server);
});
afterAll(() => setup.close());
afterEach(() => expect(setup.peer.violations).toEqual([]));

const REFUND = /* GraphQL */ `
  mutation ($paymentId: ID!, $amountCents: Int, $reason: String) {
    refundPayment(paymentId: $paymentId, amountCents: $amountCents, reason: $reason) { id status refundedCents amountCents }
  }
`;

const sessionCreates = (paymentRowId: string) =>
  setup.peer.requestsTo("POST", "/v1/checkout/sessions").filter((request) => (request.params.metadata as Record<string, string> | undefined)?.payment_id === paymentRowId);

it("creates one Checkout Session for a payment, in the course's currency and minor units, keyed by the payment's id", async () => {
  const { courseId } = await paidCourse(setup.server, cast.owner.accessToken, 2599, "EUR");
  const learner = await buyer(setup.server);
  const started = await checkout(setup, learner, courseId);
  const payment = await storedPayment(setup.server, started.paymentRowId);
  expect(payment).toMatchObject({ status: "REQUIRES_PAYMENT", provider: "stripe", providerReference: started.session.id, amountCents: 2599, currency: "EUR" });
  expect(started.checkoutUrl).toBe(started.session.url);

  const [create] = sessionCreates(started.paymentRowId);
  expect(create).toMatchObject({ authorized: true, idempotencyKey: `checkout:${started.paymentRowId}`, status: 200, replayed: false });
  expect(create!.params).toMatchObject({
    mode: "payment",
    line_items: [{ quantity: "1", price_data: { currency: "eur", unit_amount: "2599", product_data: { name: expect.stringMatching(/^Paid course/) } } }],
    metadata: { payment_id: started.paymentRowId },
    payment_intent_data: { metadata: { payment_id: started.paymentRowId } },
    customer_email: learner.email,
    success_url: expect.stringContaining(`/purchases/${started.paymentId}`),
    cancel_url: expect.stringContaining("/courses/"),
  });
  const expiresAt = Number(create!.params.expires_at);
  const now = Date.now() / 1000;
  expect(expiresAt).toBeGreaterThan(now + 30 * 60);
  expect(expiresAt).toBeLessThanOrEqual(now + 3600);
  expect(started.session).toMatchObject({ amount_total: 2599, currency: "eur", status: "open", payment_status: "unpaid" });
});

it("answers ten concurrent checkouts of one learner and course with one payment and one Checkout Session", async () => {
  const { courseId } = await paidCourse(setup.server, cast.owner.accessToken);
  const learner = await buyer(setup.server);
  const results = await Promise.all(Array.from({ length: 10 }, () => setup.server.graphql(START_CHECKOUT, { courseId }, { token: learner.accessToken })));
  for (const result of results) expect(result.errors).toBeUndefined();
  const paymentIds = new Set(results.map((result) => result.data!.startCheckout.payment.id));
  expect(paymentIds.size).toBe(1);
  const payments = await setup.server.db.payment.findMany({ where: { user: { email: learner.email } } });
  expect(payments).toHaveLength(1);
  const sessions = setup.peer.sessionsOfPayment(payments[0]!.id);
  expect(sessions).toHaveLength(1);
  expect(new Set(results.map((result) => result.data!.startCheckout.checkoutUrl))).toEqual(new Set([sessions[0]!.url]));

  // Asked again later: the same payment and page, without asking Stripe again.
  const before = setup.peer.requests.length;
  const again = await setup.server.graphql(START_CHECKOUT, { courseId }, { token: learner.accessToken });
  expect(again.data!.startCheckout.payment.id).toBe([...paymentIds][0]);
  expect(setup.peer.requests.length).toBe(before);
});

it("retries a create Stripe failed to answer with the same idempotency key, and gets the one session made", async () => {
  const { courseId } = await paidCourse(setup.server, cast.owner.accessToken);
  const learner = await buyer(setup.server);
  setup.peer.failNext({ method: "POST", path: "/v1/checkout/sessions" }, { status: 500, type: "api_error", message: "Something went wrong on Stripe's end." });
  const first = await checkout(setup, learner, courseId);
  const failedThenMade = sessionCreates(first.paymentRowId);
  expect(failedThenMade.map((request) => [request.status, request.idempotencyKey])).toEqual([
    [500, `checkout:${first.paymentRowId}`],
    [200, `checkout:${first.paymentRowId}`],
  ]);

  // Made, but the answer lost on the way: the SDK's retry is answered from Stripe's idempotency store.
  const other = await buyer(setup.server);
  setup.peer.dropNextAnswer({ method: "POST", path: "/v1/checkout/sessions" });
  const second = await checkout(setup, other, courseId);
  const requests = sessionCreates(second.paymentRowId);
  expect(requests).toHaveLength(2);
  expect(requests[1]).toMatchObject({ idempotencyKey: `checkout:${second.paymentRowId}`, replayed: true });
  expect(setup.peer.sessionsOfPayment(second.paymentRowId)).toHaveLength(1);
  expect((await storedPayment(setup.server, second.paymentRowId)).providerReference).toBe(setup.peer.sessionsOfPayment(second.paymentRowId)[0]!.id);
});

it("refuses a checkout while Stripe is down with a retry-later error of its own, keeping nothing", async () => {
  const { courseId } = await paidCourse(setup.server, cast.owner.accessToken);
  const learner = await buyer(setup.server);
  const failure = { status: 503, type: "api_error", message: "Stripe's internal detail that learners must not see." } as const;
  setup.peer.failNext({ method: "POST", path: "/v1/checkout/sessions" }, failure, 3);
  const refused = await setup.server.graphql(START_CHECKOUT, { courseId }, { token: learner.accessToken });
  expectError(refused, "RATE_LIMITED", "PAYMENT_PROVIDER_UNAVAILABLE");
  expect(JSON.stringify(refused)).not.toContain("internal detail");
  // Stripe's words are for the people running the server.
  expect(setup.log).toContainEqual(expect.objectContaining({ msg: "Stripe request failed", stripe: expect.objectContaining({ status: 503, message: failure.message }) }));
  expect(await setup.server.db.payment.count({ where: { user: { email: learner.email } } })).toBe(0);

  // Stripe is back: the learner's next try works.
  const started = await checkout(setup, learner, courseId);
  expect(started.session.status).toBe("open");
});

it("refuses a price below Stripe's smallest charge as a conflict of the course, keeping nothing", async () => {
  const { courseId } = await paidCourse(setup.server, cast.owner.accessToken, 30, "USD");
  const learner = await buyer(setup.server);
  const refused = await setup.server.graphql(START_CHECKOUT, { courseId }, { token: learner.accessToken });
  expectError(refused, "CONFLICT", "PRICE_NOT_PAYABLE");
  expect(await setup.server.db.payment.count({ where: { user: { email: learner.email } } })).toBe(0);
});

it("enrolls the learner once Stripe says the session is paid, and refunds through Stripe with the refund's idempotency key", async () => {
  const { courseId } = await paidCourse(setup.server, cast.owner.accessToken, 4000, "USD");
  const learner = await buyer(setup.server);
  const started = await checkout(setup, learner, courseId);
  expect(await accessInCourse(setup.server, learner, courseId)).toEqual({ enrollment: null, canWatch: false });

  const paid = setup.peer.pay(started.session.id);
  expect((await setup.peer.deliver(setup.server.url, eventOf(paid, "checkout.session.completed"))).status).toBe(200);
  expect((await storedPayment(setup.server, started.paymentRowId)).status).toBe("SUCCEEDED");
  await waitUntil("the purchase's enrollment", async () => (await accessInCourse(setup.server, learner, courseId)).canWatch);
  expect((await accessInCourse(setup.server, learner, courseId)).enrollment).toEqual({ status: "ACTIVE", source: "PURCHASE" });

  // A partial refund keeps access.
  const partial = await setup.server.graphql(REFUND, { paymentId: started.paymentId, amountCents: 1500, reason: "Asked nicely" }, { token: cast.owner.accessToken });
  expect(partial.data!.refundPayment).toMatchObject({ status: "PARTIALLY_REFUNDED", refundedCents: 1500 });
  const refunds = await setup.server.db.refund.findMany({ where: { paymentId: started.paymentRowId }, orderBy: { createdAt: "asc" } });
  const intentId = setup.peer.sessions.get(started.session.id)!.payment_intent!;
  const [refundRequest] = setup.peer.requestsTo("POST", "/v1/refunds").filter((request) => request.idempotencyKey === `refund:${refunds[0]!.id}`);
  expect(refundRequest).toMatchObject({
    authorized: true,
    status: 200,
    params: { payment_intent: intentId, amount: "1500", metadata: { payment_id: started.paymentRowId, refund_id: refunds[0]!.id, reason: "Asked nicely" } },
  });
  expect(refunds[0]).toMatchObject({ status: "SUCCEEDED", providerReference: refundRequest!.created });

  // Stripe's webhook about the refund already counted changes nothing more.
  const charge = setup.peer.charges.get(setup.peer.paymentIntents.get(intentId)!.latest_charge!)!;
  expect(charge.amount_refunded).toBe(1500);
  const echo = await setup.peer.deliver(setup.server.url, setup.peer.event("charge.refunded", charge));
  expect(JSON.parse(echo.body)).toMatchObject({ outcome: "ignored" });
  expect(await storedPayment(setup.server, started.paymentRowId)).toMatchObject({ status: "PARTIALLY_REFUNDED", refundedCents: 1500 });
  expect((await accessInCourse(setup.server, learner, courseId)).canWatch).toBe(true);

  // The rest, in full: access ends.
  const full = await setup.server.graphql(REFUND, { paymentId: started.paymentId }, { token: cast.admin.accessToken });
  expect(full.data!.refundPayment).toMatchObject({ status: "REFUNDED", refundedCents: 4000 });
  expect(setup.peer.requestsTo("POST", "/v1/refunds").filter((request) => request.params.metadata && (request.params.metadata as Record<string, string>).payment_id === started.paymentRowId).map((request) => request.params.amount)).toEqual(["1500", "2500"]);
  await waitUntil("the refunded enrollment", async () => !(await accessInCourse(setup.server, learner, courseId)).canWatch);
  expect((await accessInCourse(setup.server, learner, courseId)).enrollment).toEqual({ status: "REFUNDED", source: "PURCHASE" });
  const last = await setup.peer.deliver(setup.server.url, setup.peer.event("charge.refunded", charge));
  expect(JSON.parse(last.body)).toMatchObject({ outcome: "ignored" });
  expect((await paymentEvents(setup.server, started.paymentRowId)).map((event) => event.kind)).toEqual(["succeeded", "refunded", "refunded", "refunded", "refunded"]);
});

it("refunds what is left after a refund made in Stripe's dashboard, and ends the payment refunded in full", async () => {
  const { courseId } = await paidCourse(setup.server, cast.owner.accessToken, 3000, "USD");
  const learner = await buyer(setup.server);
  const started = await checkout(setup, learner, courseId);
  await setup.peer.deliver(setup.server.url, eventOf(setup.peer.pay(started.session.id), "checkout.session.completed"));
  const intentId = setup.peer.sessions.get(started.session.id)!.payment_intent!;
  await setup.peer.deliver(setup.server.url, eventOf(setup.peer.refundInDashboard(intentId, 500), "charge.refunded"));
  expect(await storedPayment(setup.server, started.paymentRowId)).toMatchObject({ status: "PARTIALLY_REFUNDED", refundedCents: 500 });

  // The rest, before Stripe's webhook about it arrives: the payment is refunded in full at once.
  const rest = await setup.server.graphql(REFUND, { paymentId: started.paymentId }, { token: cast.owner.accessToken });
  expect(rest.data!.refundPayment).toMatchObject({ status: "REFUNDED", refundedCents: 3000 });
  expect(setup.peer.charges.get(setup.peer.paymentIntents.get(intentId)!.latest_charge!)!.amount_refunded).toBe(3000);
  await waitUntil("access to end", async () => !(await accessInCourse(setup.server, learner, courseId)).canWatch);
});
