// Refunds through the public API: the course's owner or an admin, in part or in full, never more
// than is left; a full refund ends the purchase's enrollment (no more playback), a partial one keeps it.
import { databaseState } from "../../../test/support/database-state.ts";
import { expectError } from "../../../test/support/errors.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { addCoInstructor } from "../catalog/catalog.fixtures.ts";
import { signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import { accessOf, buyer, enrollmentOf, LOCAL_BILLING_ENV, paidCourse, paymentRow, purchased, REFUND, startCheckout } from "./billing.fixtures.ts";
import { paymentProvider } from "./providers.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer({ ...UNTHROTTLED, ...LOCAL_BILLING_ENV });
  cast = await signUpCast(server);
});
afterAll(() => server.close());

/** A learner who bought a new 49.00 course of the owner (with the co-instructor on its team). */
async function boughtCourse() {
  const { courseId } = await paidCourse(server, cast.owner.accessToken, 4900);
  await addCoInstructor(server, cast.owner.accessToken, courseId, cast.coInstructor.id);
  const learner = await buyer(server);
  const payment = await purchased(server, learner.accessToken, courseId);
  return { courseId, learner, payment };
}

async function refusedWithNothingWritten(token: string | undefined, variables: Record<string, unknown>) {
  const before = await databaseState(server);
  const result = await server.graphql(REFUND, variables, { token });
  expect(await databaseState(server)).toEqual(before);
  return result;
}

it("refuses anonymous visitors, the learner, other students, co-instructors and other instructors, writing nothing", async () => {
  const { learner, payment, courseId } = await boughtCourse();
  const variables = { paymentId: payment.id, amountCents: 1000 };
  expectError(await refusedWithNothingWritten(undefined, variables), "UNAUTHENTICATED");
  expectError(await refusedWithNothingWritten(learner.accessToken, variables), "FORBIDDEN", "NOT_COURSE_OWNER_OR_ADMIN");
  // They do not see the payment at all.
  expectError(await refusedWithNothingWritten(cast.otherStudent.accessToken, variables), "NOT_FOUND");
  expectError(await refusedWithNothingWritten(cast.coInstructor.accessToken, variables), "NOT_FOUND");
  expectError(await refusedWithNothingWritten(cast.otherInstructor.accessToken, variables), "NOT_FOUND");
  expect(await paymentRow(server, payment.id)).toMatchObject({ status: "SUCCEEDED", refundedCents: 0 });
  expect(await accessOf(server, learner.accessToken, courseId)).toEqual({ enrolled: true, playback: true });
});

it("refuses more than was paid, nothing, or a bad amount, with BAD_USER_INPUT on amountCents and nothing written", async () => {
  const { payment } = await boughtCourse();
  for (const amountCents of [4901, 0, -5]) {
    const result = await refusedWithNothingWritten(cast.owner.accessToken, { paymentId: payment.id, amountCents });
    expectError(result, "BAD_USER_INPUT");
    expect(result.errors![0].extensions.fields).toEqual({ amountCents: expect.any(String) });
  }
  expectError(await refusedWithNothingWritten(cast.owner.accessToken, { paymentId: payment.id, amountCents: 4901 }), "BAD_USER_INPUT", "REFUND_EXCEEDS_PAYMENT");
  expectError(await refusedWithNothingWritten(cast.owner.accessToken, { paymentId: payment.id, reason: "x".repeat(501) }), "BAD_USER_INPUT");
});

it("refuses a payment that did not succeed, with CONFLICT and nothing written", async () => {
  const { courseId } = await paidCourse(server, cast.owner.accessToken);
  const open = await startCheckout(server, (await buyer(server)).accessToken, courseId);
  expectError(await refusedWithNothingWritten(cast.owner.accessToken, { paymentId: open.payment.id }), "CONFLICT", "PAYMENT_NOT_REFUNDABLE");
});

it("refunds in part (the owner: access kept) and then the rest (an admin: access ends, no more playback)", async () => {
  const { learner, payment, courseId } = await boughtCourse();
  const partial = await server.graphql(REFUND, { paymentId: payment.id, amountCents: 900, reason: "late start" }, { token: cast.owner.accessToken });
  expect(partial.errors).toBeUndefined();
  expect(partial.data!.refundPayment).toMatchObject({
    status: "PARTIALLY_REFUNDED",
    refundedCents: 900,
    refunds: [{ amountCents: 900, reason: "late start", status: "SUCCEEDED" }],
  });
  expect(await accessOf(server, learner.accessToken, courseId)).toEqual({ enrolled: true, playback: true });

  // Over what is left now: refused.
  expectError(await refusedWithNothingWritten(cast.admin.accessToken, { paymentId: payment.id, amountCents: 4001 }), "BAD_USER_INPUT", "REFUND_EXCEEDS_PAYMENT");
  const rest = await server.graphql(REFUND, { paymentId: payment.id }, { token: cast.admin.accessToken });
  expect(rest.data!.refundPayment).toMatchObject({ status: "REFUNDED", refundedCents: 4900, refunds: [{ amountCents: 900 }, { amountCents: 4000, reason: null }] });
  await waitUntil("the refund's effect on the enrollment", async () => (await enrollmentOf(server, learner.id, courseId))?.status === "REFUNDED");
  expect(await accessOf(server, learner.accessToken, courseId)).toEqual({ enrolled: false, playback: false });
  expectError(await refusedWithNothingWritten(cast.owner.accessToken, { paymentId: payment.id }), "CONFLICT", "PAYMENT_NOT_REFUNDABLE");

  // A refunded learner may buy the course again; the purchase renews the same enrollment.
  await purchased(server, learner.accessToken, courseId);
  expect(await enrollmentOf(server, learner.id, courseId)).toMatchObject({ status: "ACTIVE", source: "PURCHASE" });
});

it("never refunds more than was paid, however many refunds race", async () => {
  const { payment } = await boughtCourse();
  const results = await Promise.all(
    Array.from({ length: 6 }, (_, index) =>
      server.graphql(REFUND, { paymentId: payment.id, amountCents: 1000 }, { token: index % 2 ? cast.owner.accessToken : cast.admin.accessToken }),
    ),
  );
  const granted = results.filter((result) => !result.errors);
  expect(granted).toHaveLength(4);
  for (const refused of results.filter((result) => result.errors)) expectError(refused, "BAD_USER_INPUT", "REFUND_EXCEEDS_PAYMENT");
  expect(await paymentRow(server, payment.id)).toMatchObject({ status: "PARTIALLY_REFUNDED", refundedCents: 4000 });
  expect(await server.db.refund.count({ where: { paymentId: databaseId(payment.id) } })).toBe(4);
});

it("sends the provider one refund per row, its id as the idempotency key; a refusal by the provider refunds nothing", async () => {
  const { payment, learner, courseId } = await boughtCourse();
  const provider = await paymentProvider(server.app.platform.config);
  const refund = jest.spyOn(provider, "refund").mockRejectedValueOnce(new Error("card network unavailable"));
  try {
    const refused = await server.graphql(REFUND, { paymentId: payment.id }, { token: cast.owner.accessToken });
    expectError(refused, "CONFLICT", "REFUND_FAILED");
    expect(await paymentRow(server, payment.id)).toMatchObject({ status: "SUCCEEDED", refundedCents: 0 });
    expect(await server.db.refund.findMany({ where: { paymentId: databaseId(payment.id) } })).toEqual([
      expect.objectContaining({ status: "FAILED", amountCents: 4900, failureMessage: "card network unavailable" }),
    ]);
    expect(await accessOf(server, learner.accessToken, courseId)).toEqual({ enrolled: true, playback: true });

    const done = await server.graphql(REFUND, { paymentId: payment.id, amountCents: 100 }, { token: cast.owner.accessToken });
    expect(done.data!.refundPayment).toMatchObject({ status: "PARTIALLY_REFUNDED", refundedCents: 100 });
    const rows = await server.db.refund.findMany({ where: { paymentId: databaseId(payment.id) }, orderBy: { id: "asc" } });
    expect(refund.mock.calls.map(([request]) => request.refundId)).toEqual(rows.map((row) => row.id));
    expect(rows[1]).toMatchObject({ status: "SUCCEEDED", providerReference: `local_refund_${rows[1].id}` });
  } finally {
    refund.mockRestore();
  }
});
