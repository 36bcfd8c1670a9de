// Changing or canceling an open checkout with Stripe (the real SDK against the tests' Stripe peer):
// the old Checkout Session is expired through the API (keyed by our payment) before our payment is
// canceled; a session completed meanwhile is never canceled here (CONFLICT), its webhook settles it.
import { databaseState } from "../../../test/support/database-state.ts";
import { expectError } from "../../../test/support/errors.ts";
import { eventOf } from "../../../test/support/stripe-peer.ts";
import { signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import { buyer, createCoupon, paidCourse, START_CHECKOUT } from "./billing.fixtures.ts";
import { allEventsHandled, checkout, startStripeServer, storedPayment, type StripeSetup } from "./stripe.fixtures.ts";

let setup: StripeSetup;
let cast: Cast;
beforeAll(async () => {
  setup = await startStripeServer();
  cast = await signUpCast(setup.server);
});
afterAll(() => setup.close());
afterEach(() => expect(setup.peer.violations).toEqual([]));

const CANCEL = /* GraphQL */ `mutation ($paymentId: ID!) { cancelCheckout(paymentId: $paymentId) { id status } }`;
const expireRequests = (sessionId: string) => setup.peer.requestsTo("POST", `/v1/checkout/sessions/${sessionId}/expire`);
/** The checkout.session.expired Stripe sends for a session our expiry request ended. */
const expiredEventOf = (sessionId: string) =>
  eventOf(
    setup.peer.apiEvents.filter((event) => (event.data.object as { id: string }).id === sessionId),
    "checkout.session.expired",
  );

async function openCheckout() {
  const { courseId } = await paidCourse(setup.server, cast.owner.accessToken, 6000, "EUR");
  const coupon = await createCoupon(setup.server, cast.owner.accessToken, { courseId, code: `HALF-${Math.random().toString(36).slice(2, 8)}`, percentOff: 50 });
  const learner = await buyer(setup.server);
  return { courseId, coupon, learner, ...(await checkout(setup, learner, courseId)) };
}

it("expires the old session through Stripe before canceling our payment, and opens a new one at the coupon's price", async () => {
  const { courseId, coupon, learner, paymentRowId, session } = await openCheckout();
  const changed = await setup.server.graphql(START_CHECKOUT, { courseId, couponCode: coupon.code }, { token: learner.accessToken });
  expect(changed.errors).toBeUndefined();
  const next = changed.data!.startCheckout.payment;
  expect(next).toMatchObject({ status: "REQUIRES_PAYMENT", amountCents: 3000, coupon: { code: coupon.code } });

  const [expire] = expireRequests(session.id);
  expect(expire).toMatchObject({ authorized: true, status: 200, idempotencyKey: `expire:${paymentRowId}` });
  expect(setup.peer.sessions.get(session.id)!.status).toBe("expired");
  expect((await storedPayment(setup.server, paymentRowId)).status).toBe("CANCELED");
  const nextRow = await setup.server.db.payment.findFirstOrThrow({ where: { providerReference: next.providerReference } });
  expect(setup.peer.sessionsOfPayment(nextRow.id)).toEqual([expect.objectContaining({ id: next.providerReference, amount_total: 3000, currency: "eur", status: "open" })]);

  // Stripe's word on the expiry arrives later and changes nothing more.
  const answer = await setup.peer.deliver(setup.server.url, expiredEventOf(session.id));
  expect(JSON.parse(answer.body)).toMatchObject({ outcome: "ignored" });
  // The same coupon again: the same payment, and no more requests to Stripe.
  const requests = setup.peer.requests.length;
  const again = await setup.server.graphql(START_CHECKOUT, { courseId, couponCode: coupon.code }, { token: learner.accessToken });
  expect(again.data!.startCheckout.payment.id).toBe(next.id);
  expect(setup.peer.requests.length).toBe(requests);
});

it("answers CONFLICT, canceling nothing, when the session was paid meanwhile; the webhook then settles it", async () => {
  const { courseId, coupon, learner, paymentId, paymentRowId, session } = await openCheckout();
  const paid = setup.peer.pay(session.id);
  const before = await databaseState(setup.server);
  for (const attempt of [
    () => setup.server.graphql(START_CHECKOUT, { courseId, couponCode: coupon.code }, { token: learner.accessToken }),
    () => setup.server.graphql(CANCEL, { paymentId }, { token: learner.accessToken }),
  ]) {
    const result = await attempt();
    expectError(result, "CONFLICT", "CHECKOUT_COMPLETED");
    expect(result.errors![0].message).toMatch(/went through/);
    expect(await databaseState(setup.server)).toEqual(before);
  }
  // Stripe refused to expire a complete session; the session was read to tell why.
  expect(expireRequests(session.id).map((request) => request.status)).toEqual([400, 400]);
  expect(setup.peer.sessions.get(session.id)!.status).toBe("complete");

  expect((await setup.peer.deliver(setup.server.url, eventOf(paid, "checkout.session.completed"))).status).toBe(200);
  expect((await storedPayment(setup.server, paymentRowId)).status).toBe("SUCCEEDED");
});

it("refuses to change or cancel a PROCESSING payment (a delayed method under way) without asking Stripe", async () => {
  const { courseId, coupon, learner, paymentId, paymentRowId, session } = await openCheckout();
  await setup.peer.deliver(setup.server.url, eventOf(setup.peer.startDelayedPayment(session.id), "checkout.session.completed"));
  expect((await storedPayment(setup.server, paymentRowId)).status).toBe("PROCESSING");
  await allEventsHandled(setup.server);
  const before = await databaseState(setup.server);
  expectError(await setup.server.graphql(START_CHECKOUT, { courseId, couponCode: coupon.code }, { token: learner.accessToken }), "CONFLICT", "CHECKOUT_COMPLETED");
  expectError(await setup.server.graphql(CANCEL, { paymentId }, { token: learner.accessToken }), "CONFLICT", "CHECKOUT_COMPLETED");
  expect(await databaseState(setup.server)).toEqual(before);
  expect(expireRequests(session.id)).toHaveLength(0);
});

it("cancelCheckout expires the session and cancels the payment; Stripe's expiry webhook changes nothing more", async () => {
  const { learner, paymentId, paymentRowId, session } = await openCheckout();
  const result = await setup.server.graphql(CANCEL, { paymentId }, { token: learner.accessToken });
  expect(result.data!.cancelCheckout).toEqual({ id: paymentId, status: "CANCELED" });
  expect(expireRequests(session.id)).toEqual([expect.objectContaining({ status: 200, idempotencyKey: `expire:${paymentRowId}` })]);
  const answer = await setup.peer.deliver(setup.server.url, expiredEventOf(session.id));
  expect(JSON.parse(answer.body)).toMatchObject({ outcome: "ignored" });
});

it("cancels when Stripe expired the session already (its webhook not heard yet)", async () => {
  const { learner, paymentId, paymentRowId, session } = await openCheckout();
  setup.peer.expire(session.id);
  const result = await setup.server.graphql(CANCEL, { paymentId }, { token: learner.accessToken });
  expect(result.data!.cancelCheckout).toEqual({ id: paymentId, status: "CANCELED" });
  expect(expireRequests(session.id).map((request) => request.status)).toEqual([400]);
  expect((await storedPayment(setup.server, paymentRowId)).status).toBe("CANCELED");
});
