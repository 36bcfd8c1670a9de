// No N+1 in billing's lists: a page of the viewer's payments or of a course's payments, each with
// its learner, course, coupon and refunds, costs as many SQL statements for 10 items as for 2.
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { statementsFor } from "../../../test/support/statements.ts";
import { signUpCast, type Cast, type TestAccount } from "../identity/identity.fixtures.ts";
import {
  buyer,
  COURSE_PAYMENTS,
  createCoupon,
  LOCAL_BILLING_ENV,
  MY_PAYMENTS,
  paidCourse,
  payOnLocalPage,
  REFUND,
  startCheckout,
} from "./billing.fixtures.ts";

let server: TestServer;
let cast: Cast;
let learner: TestAccount;
let crowdedCourseId: string;

/** A checkout with a coupon; every other one paid and partly refunded, so each payment has a coupon and some have refunds. */
async function checkout(token: string, courseId: string, index: number) {
  const started = await startCheckout(server, token, courseId, `SAVE${index}`);
  if (index % 2 === 0) {
    await payOnLocalPage(server, started.checkoutUrl!);
    const refunded = await server.graphql(REFUND, { paymentId: started.payment.id, amountCents: 100 }, { token: cast.owner.accessToken });
    if (refunded.errors) throw new Error(`refund failed: ${JSON.stringify(refunded.errors)}`);
  }
}

beforeAll(async () => {
  server = await startTestServer({ ...UNTHROTTLED, ...LOCAL_BILLING_ENV });
  cast = await signUpCast(server);
  learner = await buyer(server);
  for (let index = 0; index < 10; index++) {
    const { courseId } = await paidCourse(server, cast.owner.accessToken);
    await createCoupon(server, cast.owner.accessToken, { courseId, code: `SAVE${index}`, percentOff: 10 + index });
    await checkout(learner.accessToken, courseId, index);
  }
  crowdedCourseId = (await paidCourse(server, cast.owner.accessToken)).courseId;
  for (let index = 0; index < 10; index++) await createCoupon(server, cast.owner.accessToken, { courseId: crowdedCourseId, code: `SAVE${index}`, percentOff: 5 });
  for (let index = 0; index < 10; index++) await checkout((await buyer(server)).accessToken, crowdedCourseId, index);
});
afterAll(() => server.close());

it("lists a page of the viewer's payments with their courses, coupons and refunds in as many statements for 10 as for 2", async () => {
  const list = (data: any) => data.myPayments.nodes;
  const two = await statementsFor(server, MY_PAYMENTS, { first: 2 }, learner.accessToken, list);
  const ten = await statementsFor(server, MY_PAYMENTS, { first: 10 }, learner.accessToken, list);
  expect(ten.items.every((payment) => payment.coupon && payment.course.id && payment.user.id === learner.id)).toBe(true);
  expect(ten.items.filter((payment) => payment.refunds.length === 1)).toHaveLength(5);
  expect(ten.statements).toBe(two.statements);
  console.log(`myPayments statements: ${two.statements} for 2, ${ten.statements} for 10`);
});

it("lists a page of a course's payments with their learners, coupons and refunds in as many statements for 10 as for 2", async () => {
  const list = (data: any) => data.coursePayments.nodes;
  const two = await statementsFor(server, COURSE_PAYMENTS, { courseId: crowdedCourseId, first: 2 }, cast.owner.accessToken, list);
  const ten = await statementsFor(server, COURSE_PAYMENTS, { courseId: crowdedCourseId, first: 10 }, cast.owner.accessToken, list);
  expect(new Set(ten.items.map((payment) => payment.user.id)).size).toBe(10);
  expect(ten.items.filter((payment) => payment.status === "PARTIALLY_REFUNDED")).toHaveLength(5);
  expect(ten.statements).toBe(two.statements);
  console.log(`coursePayments statements: ${two.statements} for 2, ${ten.statements} for 10`);
});
