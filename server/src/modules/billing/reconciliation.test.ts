// Reconciliation: payments left open because a webhook never came are settled by asking the
// provider (the real SDK against the tests' Stripe peer), through the same applyPaymentFact: a lost
// webhook still ends in access, a lost expiry in a canceled payment, a lost refund in no access.
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import { reconcileOpenPayments, RECONCILIATION_QUEUE } from "./payment-reconciliation.ts";
import { databaseState } from "../../../test/support/database-state.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { buyer, createCoupon, openCheckoutPage, paidCourse, START_CHECKOUT, startCheckout } from "./billing.fixtures.ts";
import { accessInCourse, allEventsHandled, checkout, paymentEvents, startStripeServer, storedPayment, type StripeSetup } from "./stripe.fixtures.ts";

describe("with Stripe", () => {
  let setup: StripeSetup;
  let cast: Cast;
  beforeAll(async () => {
    setup = await startStripeServer();
    cast = await signUpCast(setup.server);
  });
  afterAll(() => setup.close());
  afterEach(() => expect(setup.peer.violations).toEqual([]));

  async function openCheckout(priceCents = 2000) {
    const { courseId } = await paidCourse(setup.server, cast.owner.accessToken, priceCents, "GBP");
    const learner = await buyer(setup.server);
    return { courseId, learner, ...(await checkout(setup, learner, courseId)) };
  }

  const reconcileNow = () => reconcileOpenPayments(setup.server.app.platform, { olderThanSeconds: 0 });
  const sessionReads = (sessionId: string) => setup.peer.requestsTo("GET", `/v1/checkout/sessions/${sessionId}`);

  it("gives access for a payment whose webhook was lost, once; the webhook arriving late changes nothing", async () => {
    const { courseId, learner, paymentRowId, session } = await openCheckout();
    const paid = setup.peer.pay(session.id);
    await reconcileNow();
    expect((await storedPayment(setup.server, paymentRowId)).status).toBe("SUCCEEDED");
    const [read] = sessionReads(session.id);
    expect(read).toMatchObject({ authorized: true, status: 200, params: { expand: ["payment_intent.latest_charge"] } });
    await waitUntil("the purchase's enrollment", async () => (await accessInCourse(setup.server, learner, courseId)).canWatch);
    expect((await accessInCourse(setup.server, learner, courseId)).enrollment).toEqual({ status: "ACTIVE", source: "PURCHASE" });

    // Settled: the next run no longer asks about it, and the webhook is heard without effect.
    await reconcileNow();
    expect(sessionReads(session.id)).toHaveLength(1);
    const late = await setup.peer.deliver(setup.server.url, paid.find((event) => event.type === "checkout.session.completed")!);
    expect(JSON.parse(late.body)).toMatchObject({ outcome: "ignored" });
    expect((await paymentEvents(setup.server, paymentRowId)).map((event) => [event.eventId, event.kind])).toEqual([
      [`reconcile:${paymentRowId}:succeeded`, "succeeded"],
      [paid.find((event) => event.type === "checkout.session.completed")!.id, "succeeded"],
    ]);
  });

  it("leaves alone a payment younger than the configured wait", async () => {
    const { paymentRowId, session } = await openCheckout();
    setup.peer.pay(session.id);
    // The server's own setting: PAYMENT_RECONCILIATION_AFTER_SECONDS, 300 by default.
    await reconcileOpenPayments(setup.server.app.platform);
    expect(sessionReads(session.id)).toHaveLength(0);
    expect((await storedPayment(setup.server, paymentRowId)).status).toBe("REQUIRES_PAYMENT");
    await reconcileNow();
    expect((await storedPayment(setup.server, paymentRowId)).status).toBe("SUCCEEDED");
  });

  it("cancels a payment whose session expired unheard, and keeps an open session's payment open until it expires", async () => {
    const expired = await openCheckout();
    const open = await openCheckout();
    setup.peer.expire(expired.session.id);
    setup.peer.declineCard(open.session.id);
    await reconcileNow();
    expect((await storedPayment(setup.server, expired.paymentRowId)).status).toBe("CANCELED");
    // A declined card on an open session: the learner may still pay there.
    expect((await storedPayment(setup.server, open.paymentRowId)).status).toBe("REQUIRES_PAYMENT");
    setup.peer.expire(open.session.id);
    await reconcileNow();
    expect((await storedPayment(setup.server, open.paymentRowId)).status).toBe("CANCELED");
  });

  it("holds a payment whose delayed method is under way PROCESSING, and fails it when the method failed unheard", async () => {
    const { paymentRowId, session } = await openCheckout();
    setup.peer.startDelayedPayment(session.id);
    await reconcileNow();
    expect((await storedPayment(setup.server, paymentRowId)).status).toBe("PROCESSING");
    setup.peer.settleDelayedPayment(session.id, "failed");
    await reconcileNow();
    expect((await storedPayment(setup.server, paymentRowId)).status).toBe("FAILED");
  });

  it("ends refunded, with no access, when both the success and a full refund went unheard", async () => {
    const { courseId, learner, paymentRowId, session } = await openCheckout(2000);
    setup.peer.pay(session.id);
    setup.peer.refundInDashboard(setup.peer.sessions.get(session.id)!.payment_intent!, 2000);
    await reconcileNow();
    expect(await storedPayment(setup.server, paymentRowId)).toMatchObject({ status: "REFUNDED", refundedCents: 2000 });
    await allEventsHandled(setup.server);
    expect((await accessInCourse(setup.server, learner, courseId)).canWatch).toBe(false);
  });

  it("tries again on the next run when Stripe cannot be asked", async () => {
    const { paymentRowId, session } = await openCheckout();
    setup.peer.pay(session.id);
    const outage = { status: 503, type: "api_error", message: "Stripe is down." } as const;
    setup.peer.failNext({ method: "GET", path: `/v1/checkout/sessions/${session.id}` }, outage, 3);
    const down = await reconcileNow();
    expect(down.failed).toBeGreaterThanOrEqual(1);
    expect((await storedPayment(setup.server, paymentRowId)).status).toBe("REQUIRES_PAYMENT");
    await reconcileNow();
    expect((await storedPayment(setup.server, paymentRowId)).status).toBe("SUCCEEDED");
  });
});

describe("on its schedule", () => {
  it("runs as the server's job with the configured wait", async () => {
    // Scheduled far away: the test sends the job itself rather than wait for the minute.
    const scheduled = await startStripeServer({ PAYMENT_RECONCILIATION_AFTER_SECONDS: "0", PAYMENT_RECONCILIATION_CRON: "0 0 1 1 *" });
    try {
      const cast = await signUpCast(scheduled.server);
      const { courseId } = await paidCourse(scheduled.server, cast.owner.accessToken);
      const learner = await buyer(scheduled.server);
      const started = await checkout(scheduled, learner, courseId);
      scheduled.peer.pay(started.session.id);
      await scheduled.server.app.platform.jobs.send(RECONCILIATION_QUEUE, {});
      await waitUntil("the job to settle the payment", async () => (await storedPayment(scheduled.server, started.paymentRowId)).status === "SUCCEEDED");
    } finally {
      await scheduled.close();
    }
  });
});

describe("with the local provider", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ...UNTHROTTLED, PAYMENT_RECONCILIATION_CRON: "off" });
  });
  afterAll(() => server.close());

  it("keeps a payment open while its page has not reported an outcome", async () => {
    const cast = await signUpCast(server);
    const { courseId } = await paidCourse(server, cast.owner.accessToken);
    const learner = await buyer(server);
    const started = await server.graphql(START_CHECKOUT, { courseId }, { token: learner.accessToken });
    expect(started.data!.startCheckout.payment).toMatchObject({ provider: "local", status: "REQUIRES_PAYMENT" });
    const payment = await server.db.payment.findFirstOrThrow({ where: { providerReference: started.data!.startCheckout.payment.providerReference } });
    const run = await reconcileOpenPayments(server.app.platform, { olderThanSeconds: 0 });
    expect(run).toEqual({ checked: 1, settled: 0, failed: 0 });
    expect((await storedPayment(server, payment.id)).status).toBe("REQUIRES_PAYMENT");
  });
});

describe("with the local provider, once a checkout's link has expired", () => {
  let server: TestServer;
  let cast: Cast;
  beforeAll(async () => {
    // Links live a second, and payments are asked about as soon as they are open (the configured wait).
    server = await startTestServer({ ...UNTHROTTLED, PAYMENT_RECONCILIATION_CRON: "off", LOCAL_CHECKOUT_TTL_SECONDS: "1", PAYMENT_RECONCILIATION_AFTER_SECONDS: "0" });
    cast = await signUpCast(server);
  });
  afterAll(() => server.close());

  it("cancels the abandoned payment, gives its coupon's redemption back, and a new checkout starts afresh", async () => {
    const { courseId } = await paidCourse(server, cast.owner.accessToken, 4000);
    const coupon = await createCoupon(server, cast.owner.accessToken, { courseId, code: "LAPSE-10", percentOff: 10, maxRedemptions: 1 });
    const learner = await buyer(server);
    const started = await startCheckout(server, learner.accessToken, courseId, coupon.code);
    const paymentRowId = databaseId(started.payment.id);
    expect((await server.db.coupon.findUniqueOrThrow({ where: { id: databaseId(coupon.id) } })).redemptionCount).toBe(1);

    await waitUntil("the reconciliation to cancel the lapsed payment", async () => {
      await reconcileOpenPayments(server.app.platform);
      return (await storedPayment(server, paymentRowId)).status === "CANCELED";
    });
    expect(await storedPayment(server, paymentRowId)).toMatchObject({ status: "CANCELED", settledAt: expect.any(Date) });
    expect(await server.db.paymentEvent.findMany({ where: { paymentId: paymentRowId }, select: { eventId: true, kind: true } })).toEqual([
      { eventId: `reconcile:${paymentRowId}:canceled`, kind: "canceled" },
    ]);
    expect((await server.db.coupon.findUniqueOrThrow({ where: { id: databaseId(coupon.id) } })).redemptionCount).toBe(0);
    expect(await server.db.couponRedemption.count({ where: { paymentId: paymentRowId } })).toBe(0);
    // Its page refuses it; a second run changes nothing more.
    expect((await openCheckoutPage(server, started.checkoutUrl!)).status).toBe(400);
    const before = await databaseState(server);
    expect(await reconcileOpenPayments(server.app.platform)).toMatchObject({ settled: 0 });
    expect(await databaseState(server)).toEqual(before);

    const again = await startCheckout(server, learner.accessToken, courseId, coupon.code);
    expect(again.payment.id).not.toBe(started.payment.id);
    expect(again.payment).toMatchObject({ status: "REQUIRES_PAYMENT", coupon: { code: "LAPSE-10" } });
  });

  it("replaces a lapsed open payment when the learner starts the checkout again before the reconciliation runs", async () => {
    const { courseId } = await paidCourse(server, cast.owner.accessToken);
    const learner = await buyer(server);
    const first = await startCheckout(server, learner.accessToken, courseId);
    await waitUntil("the first link to expire", async () => (await openCheckoutPage(server, first.checkoutUrl!)).status === 400);
    const second = await startCheckout(server, learner.accessToken, courseId);
    expect(second.payment.id).not.toBe(first.payment.id);
    expect((await storedPayment(server, databaseId(first.payment.id))).status).toBe("CANCELED");
  });
});
