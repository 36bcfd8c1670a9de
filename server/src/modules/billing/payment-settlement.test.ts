// applyPaymentFact, the one path every provider report takes (the local page, Stripe's webhook,
// reconciliation): a replayed event does nothing, states only move forward whatever the order the
// facts arrive in, and the learner's enrollment ends as the payment's final state says.
import { databaseId } from "../../../test/support/ids.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import { accessOf, buyer, enrollmentOf, LOCAL_BILLING_ENV, paidCourse, PAYMENT_FIELDS, paymentRow, startCheckout } from "./billing.fixtures.ts";
import { applyPaymentFact, type PaymentFact } from "./payment-settlement.service.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer({ ...UNTHROTTLED, ...LOCAL_BILLING_ENV });
  cast = await signUpCast(server);
});
afterAll(() => server.close());

let eventCount = 0;
/** Applies a fact as the local provider would report it, under a new event id unless given one. */
const apply = (paymentId: string, fact: PaymentFact, eventId = `test-event-${++eventCount}`) =>
  applyPaymentFact(server.app.platform, { provider: "local", eventId, paymentId: databaseId(paymentId), occurredAt: new Date(), ...fact });

/** Every billing event of the payment delivered to its listeners (their effects are done). */
const reactionsDone = (paymentId: string) =>
  waitUntil("the payment's events delivered", async () => (await server.db.domainEvent.count({ where: { aggregate: `payment:${databaseId(paymentId)}`, settledAt: null } })) === 0);

async function openPayment(priceCents = 4900) {
  const { courseId } = await paidCourse(server, cast.owner.accessToken, priceCents);
  const learner = await buyer(server);
  const checkout = await startCheckout(server, learner.accessToken, courseId);
  return { courseId, learner, paymentId: checkout.payment.id as string };
}

it("does nothing for a replayed event id, however often and concurrently it comes", async () => {
  const { paymentId, learner, courseId } = await openPayment();
  const answers = await Promise.all(Array.from({ length: 5 }, () => apply(paymentId, { kind: "succeeded" }, "replayed-success")));
  expect(answers.sort()).toEqual(["applied", "duplicate", "duplicate", "duplicate", "duplicate"]);
  expect(await apply(paymentId, { kind: "failed" }, "replayed-success")).toBe("duplicate");
  expect(await server.db.domainEvent.count({ where: { aggregate: `payment:${databaseId(paymentId)}` } })).toBe(1);
  await reactionsDone(paymentId);
  expect(await accessOf(server, learner.accessToken, courseId)).toEqual({ enrolled: true, playback: true });
});

it("ignores facts of another provider, of an unknown payment, and those that change nothing", async () => {
  const { paymentId } = await openPayment();
  expect(await applyPaymentFact(server.app.platform, { provider: "stripe", eventId: "evt_1", paymentId: databaseId(paymentId), occurredAt: new Date(), kind: "succeeded" })).toBe("ignored");
  const unknown = { provider: "local", eventId: "unknown-payment", paymentId: "00000000-0000-7000-8000-000000000000", occurredAt: new Date(), kind: "succeeded" } as const;
  expect(await applyPaymentFact(server.app.platform, unknown)).toBe("ignored");
  expect(await apply(paymentId, { kind: "refunded", refundedCents: 0 })).toBe("ignored");
  expect(await paymentRow(server, paymentId)).toMatchObject({ status: "REQUIRES_PAYMENT", refundedCents: 0 });
  expect(await server.db.paymentEvent.count({ where: { paymentId: databaseId(paymentId), provider: "stripe" } })).toBe(0);
});

it("keeps a success against a failure heard later, and counts a success heard after a failure", async () => {
  const first = await openPayment();
  expect(await apply(first.paymentId, { kind: "succeeded" })).toBe("applied");
  expect(await apply(first.paymentId, { kind: "failed", message: "late" })).toBe("ignored");
  expect(await apply(first.paymentId, { kind: "canceled" })).toBe("ignored");
  expect(await paymentRow(server, first.paymentId)).toMatchObject({ status: "SUCCEEDED", failureMessage: null });

  const second = await openPayment();
  expect(await apply(second.paymentId, { kind: "failed", message: "card declined" })).toBe("applied");
  expect(await apply(second.paymentId, { kind: "succeeded" })).toBe("applied");
  expect(await paymentRow(server, second.paymentId)).toMatchObject({ status: "SUCCEEDED" });
  await reactionsDone(second.paymentId);
  expect(await accessOf(server, second.learner.accessToken, second.courseId)).toEqual({ enrolled: true, playback: true });
});

it("keeps a refund heard before the success and applies it then: a full one never leaves the learner enrolled", async () => {
  const { paymentId, learner, courseId } = await openPayment(4900);
  expect(await apply(paymentId, { kind: "refunded", refundedCents: 4900 })).toBe("applied");
  expect(await paymentRow(server, paymentId)).toMatchObject({ status: "REQUIRES_PAYMENT", refundedCents: 4900 });
  expect(await apply(paymentId, { kind: "succeeded" })).toBe("applied");
  expect(await paymentRow(server, paymentId)).toMatchObject({ status: "REFUNDED", refundedCents: 4900 });
  await reactionsDone(paymentId);
  expect(await accessOf(server, learner.accessToken, courseId)).toEqual({ enrolled: false, playback: false });
  const names = await server.db.domainEvent.findMany({ where: { aggregate: `payment:${databaseId(paymentId)}` }, select: { name: true }, orderBy: { id: "asc" } });
  expect(names.map((event) => event.name)).toEqual(["billing.paymentSucceeded", "billing.paymentRefunded"]);
});

it("lets refunded_cents only grow: an older, smaller total changes nothing", async () => {
  const { paymentId } = await openPayment(4900);
  await apply(paymentId, { kind: "succeeded" });
  expect(await apply(paymentId, { kind: "refunded", refundedCents: 3000 })).toBe("applied");
  expect(await apply(paymentId, { kind: "refunded", refundedCents: 1000 })).toBe("ignored");
  expect(await paymentRow(server, paymentId)).toMatchObject({ status: "PARTIALLY_REFUNDED", refundedCents: 3000 });
});

it("suspends access while a dispute is open, gives it back when won, ends it as refunded when lost; the owner sees the dispute", async () => {
  const won = await openPayment();
  await apply(won.paymentId, { kind: "succeeded" });
  await reactionsDone(won.paymentId);
  expect(await apply(won.paymentId, { kind: "disputeOpened", disputeId: "dp_1" })).toBe("applied");
  expect(await apply(won.paymentId, { kind: "disputeOpened", disputeId: "dp_1" })).toBe("ignored");
  await reactionsDone(won.paymentId);
  expect(await accessOf(server, won.learner.accessToken, won.courseId)).toEqual({ enrolled: false, playback: false });
  expect(await enrollmentOf(server, won.learner.id, won.courseId)).toMatchObject({ status: "ACTIVE", suspendedAt: expect.any(Date) });
  const seen = await server.graphql(`query ($id: ID!) { node(id: $id) { ... on Payment { ${PAYMENT_FIELDS} } } }`, { id: won.paymentId }, { token: cast.owner.accessToken });
  expect(seen.data!.node.dispute).toEqual({ status: "OPEN", openedAt: expect.any(String) });

  await apply(won.paymentId, { kind: "disputeClosed", disputeId: "dp_1", won: true });
  await reactionsDone(won.paymentId);
  expect(await accessOf(server, won.learner.accessToken, won.courseId)).toEqual({ enrolled: true, playback: true });
  expect(await paymentRow(server, won.paymentId)).toMatchObject({ disputeStatus: "WON", status: "SUCCEEDED" });

  const lost = await openPayment();
  await apply(lost.paymentId, { kind: "succeeded" });
  await reactionsDone(lost.paymentId);
  await apply(lost.paymentId, { kind: "disputeOpened", disputeId: "dp_2" });
  await apply(lost.paymentId, { kind: "disputeClosed", disputeId: "dp_2", won: false });
  await reactionsDone(lost.paymentId);
  expect(await enrollmentOf(server, lost.learner.id, lost.courseId)).toMatchObject({ status: "REFUNDED", suspendedAt: null });
  expect(await accessOf(server, lost.learner.accessToken, lost.courseId)).toEqual({ enrolled: false, playback: false });
});

it("keeps a dispute closed when its opening is heard after the closing", async () => {
  const { paymentId, learner, courseId } = await openPayment();
  await apply(paymentId, { kind: "succeeded" });
  await apply(paymentId, { kind: "disputeClosed", disputeId: "dp_late", won: true });
  expect(await apply(paymentId, { kind: "disputeOpened", disputeId: "dp_late" })).toBe("ignored");
  await reactionsDone(paymentId);
  expect(await paymentRow(server, paymentId)).toMatchObject({ disputeStatus: "WON" });
  expect(await accessOf(server, learner.accessToken, courseId)).toEqual({ enrolled: true, playback: true });
});
