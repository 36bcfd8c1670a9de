// A learner changes their mind at the checkout (local provider): another coupon, or none, cancels the
// open payment and starts a new one (its redemption given back), the same coupon answers the same
// payment; cancelCheckout abandons it, for its learner only and while it is open.
import { databaseState } from "../../../test/support/database-state.ts";
import { expectError } from "../../../test/support/errors.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import { allEventsHandled } from "./stripe.fixtures.ts";
import { buyer, createCoupon, LOCAL_BILLING_ENV, openCheckoutPage, paidCourse, PAYMENT_FIELDS, payOnLocalPage, paymentRow, startCheckout } from "./billing.fixtures.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer({ ...UNTHROTTLED, ...LOCAL_BILLING_ENV });
  cast = await signUpCast(server);
});
afterAll(() => server.close());

const CANCEL = /* GraphQL */ `mutation ($paymentId: ID!) { cancelCheckout(paymentId: $paymentId) { ${PAYMENT_FIELDS} } }`;
const redemptionsOf = async (couponId: string) => (await server.db.coupon.findUniqueOrThrow({ where: { id: databaseId(couponId) } })).redemptionCount;

async function courseWithCoupons() {
  const { courseId } = await paidCourse(server, cast.owner.accessToken, 5000);
  const tenOff = await createCoupon(server, cast.owner.accessToken, { courseId, code: `TEN-${Math.random().toString(36).slice(2, 8)}`, percentOff: 10, maxRedemptions: 1 });
  const halfOff = await createCoupon(server, cast.owner.accessToken, { courseId, code: `HALF-${Math.random().toString(36).slice(2, 8)}`, percentOff: 50 });
  return { courseId, tenOff, halfOff };
}

describe("changing the coupon of an open checkout", () => {
  it("cancels the open payment, gives its redemption back and starts a new one; the same coupon again answers that one", async () => {
    const { courseId, tenOff, halfOff } = await courseWithCoupons();
    const learner = await buyer(server);
    const first = await startCheckout(server, learner.accessToken, courseId, tenOff.code);
    expect(first.payment).toMatchObject({ amountCents: 4500, coupon: { code: tenOff.code } });
    expect(await redemptionsOf(tenOff.id)).toBe(1);
    // Asked again with its coupon, even one used up by this very checkout: the same payment.
    expect((await startCheckout(server, learner.accessToken, courseId, tenOff.code.toLowerCase())).payment.id).toBe(first.payment.id);

    const second = await startCheckout(server, learner.accessToken, courseId, halfOff.code);
    expect(second.payment).toMatchObject({ status: "REQUIRES_PAYMENT", amountCents: 2500, coupon: { code: halfOff.code } });
    expect(second.payment.id).not.toBe(first.payment.id);
    expect(await paymentRow(server, first.payment.id)).toMatchObject({ status: "CANCELED", settledAt: expect.any(Date) });
    expect(await redemptionsOf(tenOff.id)).toBe(0);
    expect(await server.db.couponRedemption.count({ where: { paymentId: databaseId(first.payment.id) } })).toBe(0);
    expect((await startCheckout(server, learner.accessToken, courseId, halfOff.code)).payment.id).toBe(second.payment.id);
    // The canceled payment's page no longer takes it.
    expect((await openCheckoutPage(server, first.checkoutUrl!)).status).toBe(409);

    // None after one: the full price, and the coupon's redemption back.
    const third = await startCheckout(server, learner.accessToken, courseId);
    expect(third.payment).toMatchObject({ amountCents: 5000, coupon: null });
    expect(await paymentRow(server, second.payment.id)).toMatchObject({ status: "CANCELED" });
    expect(await redemptionsOf(halfOff.id)).toBe(0);
    expect(await server.db.payment.count({ where: { courseId: databaseId(courseId), status: { in: ["REQUIRES_PAYMENT", "PROCESSING"] } } })).toBe(1);

    await payOnLocalPage(server, third.checkoutUrl!, "succeeded");
    expect(await paymentRow(server, third.payment.id)).toMatchObject({ status: "SUCCEEDED" });
  });

  it("makes one open payment when checkouts with different coupons race", async () => {
    const { courseId, tenOff, halfOff } = await courseWithCoupons();
    const learner = await buyer(server);
    // Each call waits for the one before it, then replaces its payment or answers it again: all succeed.
    await Promise.all([tenOff.code, halfOff.code, undefined, halfOff.code, tenOff.code].map((couponCode) => startCheckout(server, learner.accessToken, courseId, couponCode)));
    const open = await server.db.payment.findMany({ where: { courseId: databaseId(courseId), status: "REQUIRES_PAYMENT" } });
    expect(open).toHaveLength(1);
    // Only the open payment holds a redemption.
    expect((await redemptionsOf(tenOff.id)) + (await redemptionsOf(halfOff.id))).toBe(open[0].couponId ? 1 : 0);
  });

  it("keeps the open payment when the new coupon is refused", async () => {
    const { courseId, tenOff } = await courseWithCoupons();
    const learner = await buyer(server);
    const first = await startCheckout(server, learner.accessToken, courseId, tenOff.code);
    const before = await databaseState(server);
    const refused = await server.graphql(`mutation ($courseId: ID!, $couponCode: String) { startCheckout(courseId: $courseId, couponCode: $couponCode) { payment { id } } }`, {
      courseId,
      couponCode: "NO-SUCH-CODE",
    }, { token: learner.accessToken });
    expectError(refused, "BAD_USER_INPUT", "COUPON_INVALID");
    expect(await databaseState(server)).toEqual(before);
    expect(await paymentRow(server, first.payment.id)).toMatchObject({ status: "REQUIRES_PAYMENT" });
  });
});

describe("cancelCheckout", () => {
  it("cancels the learner's open payment and gives its coupon's redemption back; a new checkout starts afresh", async () => {
    const { courseId, tenOff } = await courseWithCoupons();
    const learner = await buyer(server);
    const started = await startCheckout(server, learner.accessToken, courseId, tenOff.code);
    const result = await server.graphql(CANCEL, { paymentId: started.payment.id }, { token: learner.accessToken });
    expect(result.errors).toBeUndefined();
    expect(result.data!.cancelCheckout).toMatchObject({ id: started.payment.id, status: "CANCELED", settledAt: expect.any(String) });
    expect(await redemptionsOf(tenOff.id)).toBe(0);
    expect(await server.db.paymentEvent.findMany({ where: { paymentId: databaseId(started.payment.id) }, select: { eventId: true, kind: true } })).toEqual([
      { eventId: `local:checkout-canceled:${databaseId(started.payment.id)}`, kind: "canceled" },
    ]);
    const again = await startCheckout(server, learner.accessToken, courseId, tenOff.code);
    expect(again.payment.id).not.toBe(started.payment.id);
  });

  describe("refusals, with nothing written", () => {
    async function refused(token: string | undefined, paymentId: string) {
      const before = await databaseState(server);
      const result = await server.graphql(CANCEL, { paymentId }, { token });
      expect(await databaseState(server)).toEqual(before);
      return result;
    }

    it("NOT_FOUND for another learner's payment, FORBIDDEN for the course's owner and admins, who see it", async () => {
      const { courseId } = await courseWithCoupons();
      const started = await startCheckout(server, (await buyer(server)).accessToken, courseId);
      for (const stranger of [cast.otherStudent, cast.otherInstructor]) expectError(await refused(stranger.accessToken, started.payment.id), "NOT_FOUND");
      for (const team of [cast.owner, cast.admin]) expectError(await refused(team.accessToken, started.payment.id), "FORBIDDEN", "NOT_PAYER");
      expectError(await refused(undefined, started.payment.id), "UNAUTHENTICATED");
      expect(await paymentRow(server, started.payment.id)).toMatchObject({ status: "REQUIRES_PAYMENT" });
    });

    it("CONFLICT for a payment that settled: paid, failed or canceled already", async () => {
      const { courseId } = await courseWithCoupons();
      const learner = await buyer(server);
      const failed = await startCheckout(server, learner.accessToken, courseId);
      await payOnLocalPage(server, failed.checkoutUrl!, "failed");
      await allEventsHandled(server);
      expectError(await refused(learner.accessToken, failed.payment.id), "CONFLICT", "PAYMENT_SETTLED");
      const paid = await startCheckout(server, learner.accessToken, courseId);
      await payOnLocalPage(server, paid.checkoutUrl!, "succeeded");
      await allEventsHandled(server);
      expectError(await refused(learner.accessToken, paid.payment.id), "CONFLICT", "PAYMENT_SETTLED");
      expect(await paymentRow(server, paid.payment.id)).toMatchObject({ status: "SUCCEEDED" });
    });

    it("BAD_USER_INPUT for an id that is not a payment's", async () => {
      const result = await refused((await buyer(server)).accessToken, "not-an-id");
      expectError(result, "BAD_USER_INPUT");
      expect(result.errors![0].extensions.fields).toEqual({ paymentId: expect.any(String) });
    });
  });
});
