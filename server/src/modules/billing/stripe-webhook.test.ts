// POST /webhooks/stripe with events built by the tests' Stripe peer as Stripe sends them, signed
// with the SDK's test-header helper: forged or missing signatures change nothing; replays,
// duplicates and events out of order end in the right state; a refund made in Stripe's dashboard
// revokes access; unknown payments are acknowledged, a database failure asks Stripe to retry.
import { eventOf } from "../../../test/support/stripe-peer.ts";
import { startTestServer, UNTHROTTLED } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import { buyer, paidCourse } from "./billing.fixtures.ts";
import { accessInCourse, allEventsHandled, checkout, paymentEvents, startStripeServer, storedPayment, type StripeSetup } from "./stripe.fixtures.ts";

let setup: StripeSetup;
let cast: Cast;
beforeAll(async () => {
  setup = await startStripeServer();
  cast = await signUpCast(setup.server);
});
afterAll(() => setup.close());
afterEach(() => expect(setup.peer.violations).toEqual([]));

/** A learner at the checkout of a new paid course. */
async function openCheckout(priceCents = 3000) {
  const { courseId } = await paidCourse(setup.server, cast.owner.accessToken, priceCents, "USD");
  const learner = await buyer(setup.server);
  return { courseId, learner, ...(await checkout(setup, learner, courseId)) };
}

const deliver = (event: Parameters<StripeSetup["peer"]["deliver"]>[1], options?: Parameters<StripeSetup["peer"]["deliver"]>[2]) =>
  setup.peer.deliver(setup.server.url, event, options);

async function outcomeOf(event: Parameters<typeof deliver>[0]) {
  const answer = await deliver(event);
  expect(answer.status).toBe(200);
  return (JSON.parse(answer.body) as { outcome: string }).outcome;
}

describe("signatures", () => {
  it("refuses a forged, missing, stale or altered signature with 400, writing nothing", async () => {
    const { paymentRowId, session } = await openCheckout();
    const completed = eventOf(setup.peer.pay(session.id), "checkout.session.completed");
    const signed = setup.peer.sign(completed);
    const refusals = [
      await deliver(completed, { signature: setup.peer.sign(completed, { secret: "whsec_not_ours" }).header }),
      await deliver(completed, { signature: null }),
      await deliver(completed, { signature: "not a signature" }),
      // Older than the SDK's tolerance (5 minutes): a captured request replayed later.
      await deliver(completed, { signature: setup.peer.sign(completed, { timestamp: Math.floor(Date.now() / 1000) - 600 }).header }),
      // Signed, then altered: another payment's id put in.
      await deliver(completed, { signature: signed.header, payload: signed.payload.replace(paymentRowId, "00000000-0000-7000-8000-000000000000") }),
    ];
    expect(refusals.map((answer) => answer.status)).toEqual([400, 400, 400, 400, 400]);
    expect(setup.log.filter((entry) => entry.msg === "Stripe webhook refused: its signature does not verify")).toHaveLength(5);
    expect(await paymentEvents(setup.server, paymentRowId)).toEqual([]);
    expect((await storedPayment(setup.server, paymentRowId)).status).toBe("REQUIRES_PAYMENT");

    // The same event, signed as Stripe signs it, is taken.
    expect(await outcomeOf(completed)).toBe("applied");
  });

  it("reads the body as sent, whatever content type it claims (no JSON parser runs first)", async () => {
    const { paymentRowId, session } = await openCheckout();
    const completed = eventOf(setup.peer.pay(session.id), "checkout.session.completed");
    const signed = setup.peer.sign(completed);
    const answer = await fetch(`${setup.server.url}/webhooks/stripe`, {
      method: "POST",
      headers: { "content-type": "text/plain", "stripe-signature": signed.header },
      body: signed.payload,
    });
    expect(answer.status).toBe(200);
    expect((await storedPayment(setup.server, paymentRowId)).status).toBe("SUCCEEDED");
  });
});

describe("replays, duplicates and order", () => {
  it("applies a replayed event once, and a success told twice (session and intent) once", async () => {
    const { courseId, learner, paymentRowId, session } = await openCheckout();
    const paid = setup.peer.pay(session.id);
    const completed = eventOf(paid, "checkout.session.completed");
    expect(await outcomeOf(completed)).toBe("applied");
    expect(await outcomeOf(completed)).toBe("duplicate");
    expect(await outcomeOf(eventOf(paid, "payment_intent.succeeded"))).toBe("ignored");
    expect(await outcomeOf(eventOf(paid, "charge.succeeded"))).toBe("not handled");
    expect((await paymentEvents(setup.server, paymentRowId)).map((event) => event.eventId)).toEqual([completed.id, eventOf(paid, "payment_intent.succeeded").id]);
    await waitUntil("the enrollment", async () => (await accessInCourse(setup.server, learner, courseId)).canWatch);
    expect(await setup.server.db.enrollment.count({ where: { courseId: (await storedPayment(setup.server, paymentRowId)).courseId } })).toBe(1);
  });

  it("ends refunded when the dashboard's full refund arrives before the success", async () => {
    const { courseId, learner, paymentRowId, session } = await openCheckout(3000);
    const paid = setup.peer.pay(session.id);
    const refunded = setup.peer.refundInDashboard(setup.peer.sessions.get(session.id)!.payment_intent!, 3000);
    expect(await outcomeOf(eventOf(refunded, "charge.refunded"))).toBe("applied");
    expect(await storedPayment(setup.server, paymentRowId)).toMatchObject({ status: "REQUIRES_PAYMENT", refundedCents: 3000 });
    expect(await outcomeOf(eventOf(paid, "checkout.session.completed"))).toBe("applied");
    expect(await storedPayment(setup.server, paymentRowId)).toMatchObject({ status: "REFUNDED", refundedCents: 3000 });
    // The listeners settle the enrollment from the payments as they are: never left with access.
    await allEventsHandled(setup.server);
    expect((await accessInCourse(setup.server, learner, courseId)).canWatch).toBe(false);
  });

  it("keeps a success when a failure is heard after it, and the larger refund total when refunds arrive in reverse", async () => {
    const { courseId, learner, paymentRowId, session } = await openCheckout(3000);
    setup.peer.startDelayedPayment(session.id);
    const succeeded = setup.peer.settleDelayedPayment(session.id, "succeeded");
    expect(await outcomeOf(eventOf(succeeded, "checkout.session.async_payment_succeeded"))).toBe("applied");
    // A stale failure of the same session (sent before the success, delivered after it).
    const staleFailure = setup.peer.event("checkout.session.async_payment_failed", setup.peer.sessions.get(session.id)!);
    expect(await outcomeOf(staleFailure)).toBe("ignored");
    expect((await storedPayment(setup.server, paymentRowId)).status).toBe("SUCCEEDED");
    await waitUntil("the enrollment", async () => (await accessInCourse(setup.server, learner, courseId)).canWatch);

    const intentId = setup.peer.sessions.get(session.id)!.payment_intent!;
    const first = eventOf(setup.peer.refundInDashboard(intentId, 1000), "charge.refunded");
    const second = eventOf(setup.peer.refundInDashboard(intentId, 500), "charge.refunded");
    expect(await outcomeOf(second)).toBe("applied");
    expect(await outcomeOf(first)).toBe("ignored");
    expect(await storedPayment(setup.server, paymentRowId)).toMatchObject({ status: "PARTIALLY_REFUNDED", refundedCents: 1500 });
    expect((await accessInCourse(setup.server, learner, courseId)).canWatch).toBe(true);
  });
});

describe("outcomes", () => {
  it("leaves the payment open after a declined card (the learner tries another on Stripe's page), then takes the success", async () => {
    const { paymentRowId, session } = await openCheckout();
    expect(await outcomeOf(eventOf(setup.peer.declineCard(session.id), "payment_intent.payment_failed"))).toBe("not handled");
    expect((await storedPayment(setup.server, paymentRowId)).status).toBe("REQUIRES_PAYMENT");
    expect(await outcomeOf(eventOf(setup.peer.pay(session.id), "checkout.session.completed"))).toBe("applied");
    expect((await storedPayment(setup.server, paymentRowId)).status).toBe("SUCCEEDED");
  });

  it("holds a delayed method's payment PROCESSING (never back to waiting), and fails it when it fails", async () => {
    const { paymentRowId, session } = await openCheckout();
    const completed = eventOf(setup.peer.startDelayedPayment(session.id), "checkout.session.completed");
    expect(await outcomeOf(completed)).toBe("applied");
    expect(await outcomeOf(completed)).toBe("duplicate");
    expect(await storedPayment(setup.server, paymentRowId)).toMatchObject({ status: "PROCESSING", settledAt: null });
    expect(await outcomeOf(eventOf(setup.peer.settleDelayedPayment(session.id, "failed"), "checkout.session.async_payment_failed"))).toBe("applied");
    expect(await storedPayment(setup.server, paymentRowId)).toMatchObject({ status: "FAILED", failureMessage: "The payment did not go through." });
    // A processing report sent before the failure and delivered after it changes nothing.
    const stale = setup.peer.event("checkout.session.completed", { ...setup.peer.sessions.get(session.id)!, payment_status: "unpaid" });
    expect(await outcomeOf(stale)).toBe("ignored");
    expect((await storedPayment(setup.server, paymentRowId)).status).toBe("FAILED");
  });

  it("moves a delayed method's payment to PROCESSING, then to SUCCEEDED with access when the money arrives; a late processing report is ignored", async () => {
    const { courseId, learner, paymentId, paymentRowId, session } = await openCheckout();
    const completed = eventOf(setup.peer.startDelayedPayment(session.id), "checkout.session.completed");
    expect(await outcomeOf(completed)).toBe("applied");
    const seen = await setup.server.graphql(`query ($id: ID!) { node(id: $id) { ... on Payment { status } } }`, { id: paymentId }, { token: learner.accessToken });
    expect(seen.data!.node).toEqual({ status: "PROCESSING" });
    expect((await accessInCourse(setup.server, learner, courseId)).canWatch).toBe(false);
    expect(await outcomeOf(eventOf(setup.peer.settleDelayedPayment(session.id, "succeeded"), "checkout.session.async_payment_succeeded"))).toBe("applied");
    expect((await storedPayment(setup.server, paymentRowId)).status).toBe("SUCCEEDED");
    await waitUntil("the purchase's enrollment", async () => (await accessInCourse(setup.server, learner, courseId)).canWatch);
    const late = setup.peer.event("checkout.session.completed", { ...setup.peer.sessions.get(session.id)!, payment_status: "unpaid" });
    expect(await outcomeOf(late)).toBe("ignored");
    expect((await storedPayment(setup.server, paymentRowId)).status).toBe("SUCCEEDED");
    expect((await paymentEvents(setup.server, paymentRowId)).map((event) => event.kind)).toEqual(["processing", "succeeded", "processing"]);
    expect(await setup.server.db.domainEvent.count({ where: { aggregate: `payment:${paymentRowId}`, name: "billing.paymentProcessing" } })).toBe(1);
  });

  it("cancels an expired session's payment, and the learner may start another", async () => {
    const { courseId, learner, paymentRowId, session } = await openCheckout();
    expect(await outcomeOf(eventOf(setup.peer.expire(session.id), "checkout.session.expired"))).toBe("applied");
    expect((await storedPayment(setup.server, paymentRowId)).status).toBe("CANCELED");
    const next = await checkout(setup, learner, courseId);
    expect(next.paymentRowId).not.toBe(paymentRowId);
    expect(next.session.id).not.toBe(session.id);
  });

  it("revokes access when the whole payment is refunded in Stripe's dashboard (the webhook only)", async () => {
    const { courseId, learner, paymentRowId, session } = await openCheckout(3000);
    await outcomeOf(eventOf(setup.peer.pay(session.id), "checkout.session.completed"));
    await waitUntil("the enrollment", async () => (await accessInCourse(setup.server, learner, courseId)).canWatch);
    const refunded = setup.peer.refundInDashboard(setup.peer.sessions.get(session.id)!.payment_intent!, 3000);
    expect(await outcomeOf(eventOf(refunded, "charge.refunded"))).toBe("applied");
    expect(await storedPayment(setup.server, paymentRowId)).toMatchObject({ status: "REFUNDED", refundedCents: 3000 });
    await waitUntil("access to end", async () => !(await accessInCourse(setup.server, learner, courseId)).canWatch);
    expect((await accessInCourse(setup.server, learner, courseId)).enrollment).toEqual({ status: "REFUNDED", source: "PURCHASE" });
  });
});

describe("what Stripe is told", () => {
  it("acknowledges events of payments it does not know (Stripe would retry them for days), writing nothing", async () => {
    const before = await setup.server.db.paymentEvent.count();
    const stranger = setup.peer.event("checkout.session.completed", {
      id: "cs_test_not_ours",
      object: "checkout.session",
      metadata: { payment_id: "01900000-0000-7000-8000-000000000000" },
      payment_status: "paid",
      status: "complete",
      payment_intent: null,
    });
    expect(await outcomeOf(stranger)).toBe("unknown payment");
    expect(setup.log).toContainEqual(expect.objectContaining({ msg: "Stripe event for no payment of ours", stripeEvent: stranger.id }));
    expect(await outcomeOf(setup.peer.event("customer.created", { id: "cus_1", object: "customer" }))).toBe("not handled");
    expect(await setup.server.db.paymentEvent.count()).toBe(before);
  });

  it("answers 500 when the database fails, so Stripe sends the event again, which then applies", async () => {
    const { paymentRowId, session } = await openCheckout();
    const completed = eventOf(setup.peer.pay(session.id), "checkout.session.completed");
    await setup.server.db.$executeRawUnsafe("ALTER TABLE payment_events RENAME TO payment_events_away");
    try {
      const failed = await deliver(completed);
      expect(failed.status).toBe(500);
      expect(failed.body).not.toContain("payment_events");
      expect(setup.log).toContainEqual(expect.objectContaining({ msg: "Stripe webhook failed; Stripe will send it again", stripeEvent: completed.id }));
    } finally {
      await setup.server.db.$executeRawUnsafe("ALTER TABLE payment_events_away RENAME TO payment_events");
    }
    expect((await storedPayment(setup.server, paymentRowId)).status).toBe("REQUIRES_PAYMENT");
    expect(await outcomeOf(completed)).toBe("applied");
    expect((await storedPayment(setup.server, paymentRowId)).status).toBe("SUCCEEDED");
  });
});

describe("with payments turned off", () => {
  // FEATURE_PAYMENTS=off stops new checkouts and refunds here, not Stripe: a checkout opened before
  // may still be paid on Stripe's page, and a dispute or dashboard refund still happens. Their
  // webhooks are recorded, or the learner would pay without access, or keep access after a refund.
  it("still records a checkout completed on Stripe's page, and a refund made in its dashboard", async () => {
    const { courseId, learner, paymentRowId, session } = await openCheckout(3000);
    const off = await startTestServer({ ...UNTHROTTLED, PAYMENT_RECONCILIATION_CRON: "off", ...setup.peer.env, FEATURE_PAYMENTS: "off" }, { besides: setup.server });
    try {
      const outcomeOnOff = async (event: Parameters<typeof deliver>[0]) => {
        const answer = await setup.peer.deliver(off.url, event);
        expect(answer.status).toBe(200);
        return (JSON.parse(answer.body) as { outcome: string }).outcome;
      };
      expect(await outcomeOnOff(eventOf(setup.peer.pay(session.id), "checkout.session.completed"))).toBe("applied");
      await waitUntil("the enrollment", async () => (await accessInCourse(setup.server, learner, courseId)).canWatch);
      const refunded = setup.peer.refundInDashboard(setup.peer.sessions.get(session.id)!.payment_intent!, 3000);
      expect(await outcomeOnOff(eventOf(refunded, "charge.refunded"))).toBe("applied");
      expect(await storedPayment(setup.server, paymentRowId)).toMatchObject({ status: "REFUNDED", refundedCents: 3000 });
    } finally {
      await off.close();
    }
  });
});

describe("without Stripe", () => {
  it("has no webhook endpoint when the local provider takes the payments", async () => {
    const local = await startTestServer({ ...UNTHROTTLED, PAYMENT_RECONCILIATION_CRON: "off" });
    try {
      const event = setup.peer.event("checkout.session.completed", { id: "cs_test_any", object: "checkout.session" });
      expect((await setup.peer.deliver(local.url, event)).status).toBe(404);
    } finally {
      await local.close();
    }
  });
});
