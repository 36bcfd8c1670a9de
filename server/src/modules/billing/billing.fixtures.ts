// The billing module's factories for tests: paid courses, verified buyers, checkouts, the local
// provider's page as a browser uses it (GET the page, POST its form), coupons and payments'
// facts, all through the public API and HTTP.
import { databaseId } from "../../../test/support/ids.ts";
import type { TestServer } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { signUp } from "../identity/identity.fixtures.ts";
import { courseToLearn } from "../learning/learning.fixtures.ts";
import { reachable } from "../media/media.fixtures.ts";

/** Off: tests that settle payments do it themselves, not a job every minute. */
export const LOCAL_BILLING_ENV = { PAYMENT_RECONCILIATION_CRON: "off" } as const;

export const PAYMENT_FIELDS = /* GraphQL */ `
  id status amountCents listPriceCents discountCents refundedCents currency provider providerReference createdAt updatedAt settledAt
  failureMessage user { id } course { id } coupon { id code } refunds { id amountCents reason status } dispute { status openedAt }
`;

export const START_CHECKOUT = /* GraphQL */ `
  mutation ($courseId: ID!, $couponCode: String) {
    startCheckout(courseId: $courseId, couponCode: $couponCode) { checkoutUrl clientSecret payment { ${PAYMENT_FIELDS} } }
  }
`;
export const REFUND = /* GraphQL */ `
  mutation ($paymentId: ID!, $amountCents: Int, $reason: String) {
    refundPayment(paymentId: $paymentId, amountCents: $amountCents, reason: $reason) { ${PAYMENT_FIELDS} }
  }
`;
export const MY_PAYMENTS = /* GraphQL */ `
  query ($first: Int, $after: String) { myPayments(first: $first, after: $after) { totalCount nodes { ${PAYMENT_FIELDS} } pageInfo { hasNextPage endCursor } } }
`;
export const COURSE_PAYMENTS = /* GraphQL */ `
  query ($courseId: ID!, $first: Int, $after: String) {
    coursePayments(courseId: $courseId, first: $first, after: $after) { totalCount nodes { ${PAYMENT_FIELDS} } pageInfo { hasNextPage endCursor } }
  }
`;
export const CREATE_COUPON = /* GraphQL */ `
  mutation ($input: CreateCouponInput!) {
    createCoupon(input: $input) { id code percentOff amountOffCents expiresAt maxRedemptions redemptionCount deactivatedAt course { id } }
  }
`;
export const PREVIEW = /* GraphQL */ `
  query ($courseId: ID!, $couponCode: String) { checkoutPreview(courseId: $courseId, couponCode: $couponCode) { listPriceCents discountCents amountCents currency } }
`;
export const VIEWER_ACCESS = /* GraphQL */ `query ($id: ID!) { course(id: $id) { viewerIsEnrolled videos { playback { url } } } }`;

/** A published course of the token's instructor at this price, with one 60-second video. */
export async function paidCourse(server: TestServer, token: string, priceCents = 4900, currency = "USD") {
  const { courseId, videoIds } = await courseToLearn(server, token, [60], { title: `Paid course ${Math.random().toString(36).slice(2, 8)}`, priceCents, currency });
  return { courseId, videoId: videoIds[0]! };
}

/** A learner with a verified address, as buying needs. */
export const buyer = (server: TestServer) => signUp(server, { verified: true });

export async function startCheckout(server: TestServer, token: string, courseId: string, couponCode?: string) {
  const result = await server.graphql(START_CHECKOUT, { courseId, couponCode }, { token });
  if (!result.data?.startCheckout) throw new Error(`startCheckout failed: ${JSON.stringify(result.errors)}`);
  return result.data.startCheckout as { checkoutUrl: string | null; clientSecret: string | null; payment: Record<string, any> };
}

/** The local page at a checkoutUrl, fetched as a browser would. */
export function openCheckoutPage(server: TestServer, checkoutUrl: string) {
  return fetch(reachable(server, checkoutUrl));
}

/** The hidden token of the page's form. */
export async function formTokenOf(server: TestServer, checkoutUrl: string): Promise<string> {
  const html = await (await openCheckoutPage(server, checkoutUrl)).text();
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`no form on the checkout page: ${html}`);
  return token;
}

/** Posts the page's form, with a button's outcome, as the browser sends it; the redirect is not followed. */
export function postCheckoutForm(server: TestServer, fields: Record<string, string>) {
  return fetch(`${server.url}/billing/local-checkout`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

/** Opens the page and presses one of its buttons. */
export async function payOnLocalPage(server: TestServer, checkoutUrl: string, outcome: "succeeded" | "failed" = "succeeded") {
  return postCheckoutForm(server, { token: await formTokenOf(server, checkoutUrl), outcome });
}

/** What the token's person may do in the course now: enrolled, and a playback URL for its first video. */
export async function accessOf(server: TestServer, token: string, courseId: string) {
  const result = await server.graphql(VIEWER_ACCESS, { id: courseId }, { token });
  const course = result.data?.course;
  return { enrolled: Boolean(course?.viewerIsEnrolled), playback: Boolean(course?.videos?.[0]?.playback?.url) };
}

/** A learner who bought the course on the local page, once the purchase enrolled them. */
export async function purchased(server: TestServer, token: string, courseId: string) {
  const checkout = await startCheckout(server, token, courseId);
  const posted = await payOnLocalPage(server, checkout.checkoutUrl!);
  if (posted.status !== 303) throw new Error(`the local page answered ${posted.status}`);
  await waitUntil("the purchase's enrollment", async () => (await accessOf(server, token, courseId)).enrolled);
  return checkout.payment as Record<string, any> & { id: string };
}

export async function createCoupon(server: TestServer, token: string, input: Record<string, unknown>) {
  const result = await server.graphql(CREATE_COUPON, { input }, { token });
  if (!result.data?.createCoupon) throw new Error(`createCoupon failed: ${JSON.stringify(result.errors)}`);
  return result.data.createCoupon as Record<string, any> & { id: string; code: string };
}

export const paymentRow = (server: TestServer, paymentId: string) => server.db.payment.findUniqueOrThrow({ where: { id: databaseId(paymentId) } });
export const enrollmentOf = (server: TestServer, userId: string, courseId: string) =>
  server.db.enrollment.findUnique({ where: { userId_courseId: { userId: databaseId(userId), courseId: databaseId(courseId) } } });
