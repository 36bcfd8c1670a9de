// Coupons through the public API: made by the course's owner or an admin, previewed, applied at
// checkout; an invalid, expired or used-up coupon is BAD_USER_INPUT with its reason; redemptions
// are counted exactly under concurrent checkouts; a 100% coupon enrolls with no provider.
import { databaseState } from "../../../test/support/database-state.ts";
import { expectError } from "../../../test/support/errors.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { addCoInstructor } from "../catalog/catalog.fixtures.ts";
import { signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import {
  accessOf,
  buyer,
  CREATE_COUPON,
  createCoupon,
  enrollmentOf,
  LOCAL_BILLING_ENV,
  paidCourse,
  payOnLocalPage,
  paymentRow,
  PREVIEW,
  START_CHECKOUT,
  startCheckout,
} from "./billing.fixtures.ts";
import { paymentProvider } from "./providers.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer({ ...UNTHROTTLED, ...LOCAL_BILLING_ENV });
  cast = await signUpCast(server);
});
afterAll(() => server.close());

const owner = () => cast.owner.accessToken;
const COURSE_COUPONS = /* GraphQL */ `query ($courseId: ID!) { courseCoupons(courseId: $courseId) { id code redemptionCount deactivatedAt } }`;
const DEACTIVATE = /* GraphQL */ `mutation ($id: ID!) { deactivateCoupon(id: $id) { id deactivatedAt } }`;

const couponRow = (couponId: string) => server.db.coupon.findUniqueOrThrow({ where: { id: databaseId(couponId) } });

describe("making coupons", () => {
  it("the owner and admins make them; codes are unique per course whatever their case", async () => {
    const { courseId } = await paidCourse(server, owner());
    const made = await createCoupon(server, owner(), { courseId, code: "spring-25", percentOff: 25, maxRedemptions: 3 });
    expect(made).toMatchObject({ code: "SPRING-25", percentOff: 25, amountOffCents: null, maxRedemptions: 3, redemptionCount: 0, course: { id: courseId } });
    await createCoupon(server, cast.admin.accessToken, { courseId, code: "TENOFF", amountOffCents: 1000 });
    const before = await databaseState(server);
    expectError(await server.graphql(CREATE_COUPON, { input: { courseId, code: "Spring-25", percentOff: 5 } }, { token: owner() }), "CONFLICT", "COUPON_CODE_TAKEN");
    expect(await databaseState(server)).toEqual(before);
    const listed = await server.graphql(COURSE_COUPONS, { courseId }, { token: owner() });
    expect(listed.data!.courseCoupons.map((coupon: { code: string }) => coupon.code)).toEqual(["TENOFF", "SPRING-25"]);
    // The same code on another course is another coupon.
    const other = await paidCourse(server, owner());
    await createCoupon(server, owner(), { courseId: other.courseId, code: "SPRING-25", percentOff: 50 });
  });

  it("refuses co-instructors and students (FORBIDDEN) and bad input (BAD_USER_INPUT naming the field), writing nothing", async () => {
    const { courseId } = await paidCourse(server, owner());
    await addCoInstructor(server, owner(), courseId, cast.coInstructor.id);
    const cases: [string, Record<string, unknown>, string, string?][] = [
      [cast.coInstructor.accessToken, { courseId, code: "VALID1", percentOff: 10 }, "FORBIDDEN", "NOT_COURSE_OWNER"],
      [cast.student.accessToken, { courseId, code: "VALID1", percentOff: 10 }, "FORBIDDEN", "NOT_COURSE_OWNER"],
      [owner(), { courseId, code: "no spaces", percentOff: 10 }, "code"],
      [owner(), { courseId, code: "BOTH", percentOff: 10, amountOffCents: 100 }, "percentOff"],
      [owner(), { courseId, code: "NEITHER" }, "percentOff"],
      [owner(), { courseId, code: "TOOMUCH", percentOff: 101 }, "percentOff"],
      [owner(), { courseId, code: "NEGATIVE", amountOffCents: -1 }, "amountOffCents"],
      [owner(), { courseId, code: "ZERO", percentOff: 10, maxRedemptions: 0 }, "maxRedemptions"],
      [owner(), { courseId, code: "PAST", percentOff: 10, expiresAt: new Date(Date.now() - 1000).toISOString() }, "expiresAt"],
    ];
    for (const [token, input, codeOrField, reason] of cases) {
      const before = await databaseState(server);
      const result = await server.graphql(CREATE_COUPON, { input }, { token });
      expect(await databaseState(server)).toEqual(before);
      if (codeOrField === "FORBIDDEN") expectError(result, "FORBIDDEN", reason as "NOT_COURSE_OWNER");
      else {
        expectError(result, "BAD_USER_INPUT");
        expect(Object.keys(result.errors![0].extensions.fields!)).toContain(codeOrField);
      }
    }
  });
});

describe("using coupons", () => {
  it("previews and charges the discounted price: percent off (rounded) and amount off", async () => {
    const { courseId } = await paidCourse(server, owner(), 4999, "EUR");
    await createCoupon(server, owner(), { courseId, code: "THIRD", percentOff: 33 });
    await createCoupon(server, owner(), { courseId, code: "BIG", amountOffCents: 2000 });
    const learner = await buyer(server);
    const preview = async (couponCode?: string) => (await server.graphql(PREVIEW, { courseId, couponCode }, { token: learner.accessToken })).data!.checkoutPreview;
    expect(await preview()).toEqual({ listPriceCents: 4999, discountCents: 0, amountCents: 4999, currency: "EUR" });
    expect(await preview("third")).toEqual({ listPriceCents: 4999, discountCents: 1650, amountCents: 3349, currency: "EUR" });
    expect(await preview("BIG")).toEqual({ listPriceCents: 4999, discountCents: 2000, amountCents: 2999, currency: "EUR" });

    const checkout = await startCheckout(server, learner.accessToken, courseId, " third ");
    expect(checkout.payment).toMatchObject({ listPriceCents: 4999, discountCents: 1650, amountCents: 3349, coupon: { code: "THIRD" } });
    const html = await (await fetch(checkout.checkoutUrl!.replace(server.app.platform.config.publicUrl, server.url))).text();
    expect(html).toContain("€33.49");
    // Asked again with the same coupon: the same open payment. With another: that one is canceled, and a new one charges its price
    // (checkout-change.test.ts follows the redemptions).
    expect((await startCheckout(server, learner.accessToken, courseId, "THIRD")).payment.id).toBe(checkout.payment.id);
    const big = await startCheckout(server, learner.accessToken, courseId, "BIG");
    expect(big.payment).toMatchObject({ amountCents: 2999, coupon: { code: "BIG" } });
    expect(await paymentRow(server, checkout.payment.id)).toMatchObject({ status: "CANCELED" });
  });

  it("refuses an unknown, deactivated, expired or used-up coupon with BAD_USER_INPUT and its reason, writing nothing", async () => {
    const { courseId } = await paidCourse(server, owner());
    const other = await paidCourse(server, owner());
    await createCoupon(server, owner(), { courseId: other.courseId, code: "ELSEWHERE", percentOff: 10 });
    const off = await createCoupon(server, owner(), { courseId, code: "OFF", percentOff: 10 });
    expect((await server.graphql(DEACTIVATE, { id: off.id }, { token: owner() })).data!.deactivateCoupon.deactivatedAt).toEqual(expect.any(String));
    const expiring = await createCoupon(server, owner(), { courseId, code: "SOON", percentOff: 10, expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await server.db.coupon.update({ where: { id: databaseId(expiring.id) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const once = await createCoupon(server, owner(), { courseId, code: "ONCE", percentOff: 10, maxRedemptions: 1 });
    await startCheckout(server, (await buyer(server)).accessToken, courseId, "ONCE");
    expect(await couponRow(once.id)).toMatchObject({ redemptionCount: 1 });

    const learner = await buyer(server);
    const cases = [["NOPE", "COUPON_INVALID"], ["ELSEWHERE", "COUPON_INVALID"], ["OFF", "COUPON_INVALID"], ["SOON", "COUPON_EXPIRED"], ["ONCE", "COUPON_USED_UP"]] as const;
    for (const [couponCode, reason] of cases) {
      const before = await databaseState(server);
      const result = await server.graphql(START_CHECKOUT, { courseId, couponCode }, { token: learner.accessToken });
      expectError(result, "BAD_USER_INPUT", reason);
      expect(result.errors![0].extensions.fields).toEqual({ couponCode: expect.any(String) });
      expect(await databaseState(server)).toEqual(before);
      expectError(await server.graphql(PREVIEW, { courseId, couponCode }, { token: learner.accessToken }), "BAD_USER_INPUT", reason);
    }
  });

  it("counts redemptions exactly: of 8 learners racing for the last 2 redemptions, 2 get the price and 6 are refused", async () => {
    const { courseId } = await paidCourse(server, owner());
    const coupon = await createCoupon(server, owner(), { courseId, code: "LAST", percentOff: 50, maxRedemptions: 3 });
    await startCheckout(server, (await buyer(server)).accessToken, courseId, "LAST");
    const learners = await Promise.all(Array.from({ length: 8 }, () => buyer(server)));
    const results = await Promise.all(learners.map((learner) => server.graphql(START_CHECKOUT, { courseId, couponCode: "LAST" }, { token: learner.accessToken })));
    expect(results.filter((result) => !result.errors)).toHaveLength(2);
    for (const refused of results.filter((result) => result.errors)) expectError(refused, "BAD_USER_INPUT", "COUPON_USED_UP");
    expect(await couponRow(coupon.id)).toMatchObject({ redemptionCount: 3 });
    expect(await server.db.couponRedemption.count({ where: { couponId: databaseId(coupon.id) } })).toBe(3);
    expect(await server.db.payment.count({ where: { couponId: databaseId(coupon.id) } })).toBe(3);
  });

  it("gives a failed payment's redemption back to the coupon, and keeps a paid one's", async () => {
    const { courseId } = await paidCourse(server, owner());
    const coupon = await createCoupon(server, owner(), { courseId, code: "ONLYONE", amountOffCents: 500, maxRedemptions: 1 });
    const first = await buyer(server);
    const failed = await startCheckout(server, first.accessToken, courseId, "ONLYONE");
    await payOnLocalPage(server, failed.checkoutUrl!, "failed");
    expect(await couponRow(coupon.id)).toMatchObject({ redemptionCount: 0 });

    const second = await buyer(server);
    const paid = await startCheckout(server, second.accessToken, courseId, "ONLYONE");
    await payOnLocalPage(server, paid.checkoutUrl!, "succeeded");
    expect(await couponRow(coupon.id)).toMatchObject({ redemptionCount: 1 });
    expectError(await server.graphql(START_CHECKOUT, { courseId, couponCode: "ONLYONE" }, { token: first.accessToken }), "BAD_USER_INPUT", "COUPON_USED_UP");
  });

  it("a 100% coupon enrolls at once, with no provider asked: the payment SUCCEEDED at 0", async () => {
    const { courseId } = await paidCourse(server, owner(), 2500);
    await createCoupon(server, owner(), { courseId, code: "FREE", percentOff: 100 });
    const learner = await buyer(server);
    const provider = await paymentProvider(server.app.platform.config);
    const createCheckout = jest.spyOn(provider, "createCheckout");
    try {
      const checkout = await startCheckout(server, learner.accessToken, courseId, "FREE");
      expect(checkout).toMatchObject({ checkoutUrl: null, clientSecret: null, payment: { status: "SUCCEEDED", amountCents: 0, discountCents: 2500, provider: "coupon" } });
      expect(createCheckout).not.toHaveBeenCalled();
    } finally {
      createCheckout.mockRestore();
    }
    await waitUntil("the enrollment", async () => (await accessOf(server, learner.accessToken, courseId)).enrolled);
    expect(await enrollmentOf(server, learner.id, courseId)).toMatchObject({ status: "ACTIVE", source: "PURCHASE" });
  });
});
