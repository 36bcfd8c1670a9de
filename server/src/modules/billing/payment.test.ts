// Buying a course through the public API with the local provider: one open payment per learner and
// course, the local page settling it, the enrollment the purchase grants, the refusals, the lists.
import { databaseState } from "../../../test/support/database-state.ts";
import { expectError } from "../../../test/support/errors.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { addCoInstructor, createCourse } from "../catalog/catalog.fixtures.ts";
import { signUp, signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import { courseToLearn } from "../learning/learning.fixtures.ts";
import {
  accessOf,
  buyer,
  COURSE_PAYMENTS,
  enrollmentOf,
  LOCAL_BILLING_ENV,
  MY_PAYMENTS,
  openCheckoutPage,
  paidCourse,
  payOnLocalPage,
  paymentRow,
  purchased,
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

const ownerToken = () => cast.owner.accessToken;

it("sells a course on the local page: the payment succeeds, the learner is enrolled by the purchase and may watch", async () => {
  const { courseId } = await paidCourse(server, ownerToken(), 4900, "USD");
  const learner = await buyer(server);
  expect(await accessOf(server, learner.accessToken, courseId)).toEqual({ enrolled: false, playback: false });

  const checkout = await startCheckout(server, learner.accessToken, courseId);
  expect(checkout.payment).toMatchObject({
    status: "REQUIRES_PAYMENT",
    amountCents: 4900,
    listPriceCents: 4900,
    discountCents: 0,
    refundedCents: 0,
    currency: "USD",
    provider: "local",
    user: { id: learner.id },
    course: { id: courseId },
    settledAt: null,
  });
  expect(checkout.clientSecret).toBeNull();
  const publicUrl = server.app.platform.config.publicUrl;
  expect(checkout.checkoutUrl!.startsWith(`${publicUrl}/billing/local-checkout/`)).toBe(true);

  const page = await openCheckoutPage(server, checkout.checkoutUrl!);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain("Development payment provider");
  expect(html).toContain("$49.00");
  expect(html).toMatch(/<button[^>]*value="succeeded"/);
  expect(html).toMatch(/<button[^>]*value="failed"/);

  const posted = await payOnLocalPage(server, checkout.checkoutUrl!, "succeeded");
  expect(posted.status).toBe(303);
  expect(posted.headers.get("location")).toBe(`${publicUrl}/purchases/${checkout.payment.id}`);
  expect(await paymentRow(server, checkout.payment.id)).toMatchObject({ status: "SUCCEEDED", settledAt: expect.any(Date) });

  await waitUntil("the purchase's enrollment", async () => (await accessOf(server, learner.accessToken, courseId)).enrolled);
  expect(await accessOf(server, learner.accessToken, courseId)).toEqual({ enrolled: true, playback: true });
  expect(await enrollmentOf(server, learner.id, courseId)).toMatchObject({ status: "ACTIVE", source: "PURCHASE" });
});

it("shows the course and the amount on the page, escaped", async () => {
  const { courseId } = await courseToLearn(server, ownerToken(), [30], { title: `<b>Tags</b> & "quotes"`, priceCents: 1250, currency: "EUR" });
  const learner = await buyer(server);
  const checkout = await startCheckout(server, learner.accessToken, courseId);
  const html = await (await openCheckoutPage(server, checkout.checkoutUrl!)).text();
  expect(html).toContain("&lt;b&gt;Tags&lt;/b&gt; &amp; &quot;quotes&quot;");
  expect(html).not.toContain("<b>Tags</b>");
  expect(html).toContain("€12.50");
});

it("keeps one open payment per learner and course under 10 concurrent checkouts: one row, one provider checkout", async () => {
  const { courseId } = await paidCourse(server, ownerToken());
  const learner = await buyer(server);
  const provider = await paymentProvider(server.app.platform.config);
  const createCheckout = jest.spyOn(provider, "createCheckout");
  try {
    const answers = await Promise.all(Array.from({ length: 10 }, () => server.graphql(START_CHECKOUT, { courseId }, { token: learner.accessToken })));
    expect(answers.map((answer) => answer.errors)).toEqual(Array(10).fill(undefined));
    const ids = new Set(answers.map((answer) => answer.data!.startCheckout.payment.id));
    expect(ids.size).toBe(1);
    expect(await server.db.payment.count({ where: { courseId: databaseId(courseId) } })).toBe(1);
    expect(createCheckout.mock.calls.filter(([request]) => request.paymentId === databaseId([...ids][0]))).toHaveLength(1);
    // Asked again later: the same payment, with a link to its page.
    const again = await startCheckout(server, learner.accessToken, courseId);
    expect(again.payment.id).toBe([...ids][0]);
    expect(again.checkoutUrl).toEqual(expect.stringContaining("/billing/local-checkout/"));
  } finally {
    createCheckout.mockRestore();
  }
});

it("lets a learner try again after a failed payment: a new payment, and the failed one stays as it ended", async () => {
  const { courseId } = await paidCourse(server, ownerToken());
  const learner = await buyer(server);
  const first = await startCheckout(server, learner.accessToken, courseId);
  expect((await payOnLocalPage(server, first.checkoutUrl!, "failed")).status).toBe(303);
  expect(await paymentRow(server, first.payment.id)).toMatchObject({ status: "FAILED", failureMessage: expect.any(String) });
  expect(await accessOf(server, learner.accessToken, courseId)).toEqual({ enrolled: false, playback: false });

  const second = await startCheckout(server, learner.accessToken, courseId);
  expect(second.payment.id).not.toBe(first.payment.id);
  await payOnLocalPage(server, second.checkoutUrl!, "succeeded");
  await waitUntil("the enrollment", async () => (await accessOf(server, learner.accessToken, courseId)).enrolled);
  expect(await paymentRow(server, first.payment.id)).toMatchObject({ status: "FAILED" });
});

describe("refusals, with nothing written", () => {
  async function refusedWithNothingWritten(token: string | undefined, variables: Record<string, unknown>) {
    const before = await databaseState(server);
    const result = await server.graphql(START_CHECKOUT, variables, { token });
    expect(await databaseState(server)).toEqual(before);
    return result;
  }

  it("CONFLICT when the learner is enrolled already", async () => {
    const { courseId } = await paidCourse(server, ownerToken());
    const learner = await buyer(server);
    await purchased(server, learner.accessToken, courseId);
    expectError(await refusedWithNothingWritten(learner.accessToken, { courseId }), "CONFLICT", "ALREADY_ENROLLED");
  });

  it("BAD_USER_INPUT with a reason for a free course (enroll in it instead)", async () => {
    const { courseId } = await courseToLearn(server, ownerToken(), [30]);
    const result = await refusedWithNothingWritten((await buyer(server)).accessToken, { courseId });
    expectError(result, "BAD_USER_INPUT", "COURSE_IS_FREE");
    expect(result.errors![0].extensions.fields).toEqual({ courseId: expect.any(String) });
  });

  it("NOT_FOUND for a draft course, even to its owner, and for an archived one", async () => {
    const draft = await createCourse(server, ownerToken(), { priceCents: 1000 });
    expectError(await refusedWithNothingWritten((await buyer(server)).accessToken, { courseId: draft.id }), "NOT_FOUND");
    expectError(await refusedWithNothingWritten(ownerToken(), { courseId: draft.id }), "NOT_FOUND");
    const { courseId } = await paidCourse(server, ownerToken());
    await server.graphql(`mutation ($id: ID!) { archiveCourse(id: $id) { id } }`, { id: courseId }, { token: ownerToken() });
    expectError(await refusedWithNothingWritten((await buyer(server)).accessToken, { courseId }), "NOT_FOUND");
  });

  it("FORBIDDEN until the learner's address is verified; UNAUTHENTICATED for anonymous visitors", async () => {
    const { courseId } = await paidCourse(server, ownerToken());
    const unverified = await signUp(server);
    expectError(await refusedWithNothingWritten(unverified.accessToken, { courseId }), "FORBIDDEN", "EMAIL_NOT_VERIFIED");
    expectError(await refusedWithNothingWritten(undefined, { courseId }), "UNAUTHENTICATED");
  });

  it("enroll on a paid course answers PAYMENT_REQUIRED, pointing to buying", async () => {
    const { courseId } = await paidCourse(server, ownerToken());
    const result = await server.graphql(`mutation ($courseId: ID!) { enroll(courseId: $courseId) { id } }`, { courseId }, { token: (await buyer(server)).accessToken });
    expectError(result, "PAYMENT_REQUIRED", "COURSE_NOT_FREE");
    expect(result.errors![0].message).toMatch(/buy/);
  });
});

it("keeps a course anyone tried to pay for: deleteCourse answers CONFLICT and the owner archives it instead", async () => {
  const { courseId } = await paidCourse(server, ownerToken());
  const checkout = await startCheckout(server, (await buyer(server)).accessToken, courseId);
  await payOnLocalPage(server, checkout.checkoutUrl!, "failed");
  const before = await databaseState(server);
  const deleted = await server.graphql(`mutation ($id: ID!) { deleteCourse(id: $id) }`, { id: courseId }, { token: ownerToken() });
  expectError(deleted, "CONFLICT", "COURSE_HAS_PAYMENTS");
  expect(await databaseState(server)).toEqual(before);
});

describe("lists", () => {
  it("myPayments: the viewer's own, the newest first, page by page", async () => {
    const learner = await buyer(server);
    const courses = [await paidCourse(server, ownerToken()), await paidCourse(server, ownerToken()), await paidCourse(server, ownerToken())];
    const started: string[] = [];
    for (const { courseId } of courses) started.push((await startCheckout(server, learner.accessToken, courseId)).payment.id);
    await startCheckout(server, (await buyer(server)).accessToken, courses[0].courseId);

    const first = await server.graphql(MY_PAYMENTS, { first: 2 }, { token: learner.accessToken });
    expect(first.data!.myPayments.totalCount).toBe(3);
    expect(first.data!.myPayments.nodes.map((payment: { id: string }) => payment.id)).toEqual([started[2], started[1]]);
    const rest = await server.graphql(MY_PAYMENTS, { first: 2, after: first.data!.myPayments.pageInfo.endCursor }, { token: learner.accessToken });
    expect(rest.data!.myPayments.nodes.map((payment: { id: string }) => payment.id)).toEqual([started[0]]);
    expect(rest.data!.myPayments.pageInfo.hasNextPage).toBe(false);
  });

  it("coursePayments: the owner and admins; co-instructors and students are refused", async () => {
    const { courseId } = await paidCourse(server, ownerToken());
    await addCoInstructor(server, ownerToken(), courseId, cast.coInstructor.id);
    const payment = (await startCheckout(server, (await buyer(server)).accessToken, courseId)).payment;
    for (const token of [ownerToken(), cast.admin.accessToken]) {
      const result = await server.graphql(COURSE_PAYMENTS, { courseId }, { token });
      expect(result.data!.coursePayments).toMatchObject({ totalCount: 1, nodes: [{ id: payment.id, status: "REQUIRES_PAYMENT" }] });
    }
    expectError(await server.graphql(COURSE_PAYMENTS, { courseId }, { token: cast.coInstructor.accessToken }), "FORBIDDEN", "NOT_COURSE_OWNER");
    expectError(await server.graphql(COURSE_PAYMENTS, { courseId }, { token: cast.student.accessToken }), "FORBIDDEN", "NOT_COURSE_OWNER");
    expectError(await server.graphql(COURSE_PAYMENTS, { courseId }), "UNAUTHENTICATED");
  });

  it("a payment is a node for its learner, the course's owner and admins only", async () => {
    const { courseId } = await paidCourse(server, ownerToken());
    const learner = await buyer(server);
    const payment = (await startCheckout(server, learner.accessToken, courseId)).payment;
    const NODE = `query ($id: ID!) { node(id: $id) { ... on Payment { id status } } }`;
    for (const token of [learner.accessToken, ownerToken(), cast.admin.accessToken]) {
      expect((await server.graphql(NODE, { id: payment.id }, { token })).data!.node).toEqual({ id: payment.id, status: "REQUIRES_PAYMENT" });
    }
    for (const token of [cast.otherStudent.accessToken, cast.otherInstructor.accessToken]) {
      expect((await server.graphql(NODE, { id: payment.id }, { token })).data!.node).toBeNull();
    }
  });
});
