// The local provider's page over real HTTP: its form POST settles a payment through the webhooks'
// path once; forged, altered, expired or malformed posts answer 400 with a plain page and write nothing.
import { databaseState } from "../../../test/support/database-state.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import {
  buyer,
  formTokenOf,
  LOCAL_BILLING_ENV,
  openCheckoutPage,
  paidCourse,
  paymentRow,
  postCheckoutForm,
  startCheckout,
} from "./billing.fixtures.ts";
import { localCheckoutTtlSeconds, localCheckoutUrl } from "./local-provider.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer({ ...UNTHROTTLED, ...LOCAL_BILLING_ENV });
  cast = await signUpCast(server);
});
afterAll(() => server.close());

async function openPayment() {
  const { courseId } = await paidCourse(server, cast.owner.accessToken);
  const learner = await buyer(server);
  const checkout = await startCheckout(server, learner.accessToken, courseId);
  return { courseId, learner, checkout, token: await formTokenOf(server, checkout.checkoutUrl!) };
}

async function refusedWithNothingWritten(fields: Record<string, string>) {
  const before = await databaseState(server);
  const response = await postCheckoutForm(server, fields);
  expect(response.status).toBe(400);
  expect(response.headers.get("content-type")).toMatch(/^text\/html/);
  expect(await databaseState(server)).toEqual(before);
  return response;
}

it("refuses a forged or altered token, an unknown outcome and a missing token", async () => {
  const { token, checkout } = await openPayment();
  const [header, payload, signature] = token.split(".");
  const otherPayment = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), sub: "00000000-0000-7000-8000-000000000000" })).toString("base64url");
  await refusedWithNothingWritten({ token: `${header}.${otherPayment}.${signature}`, outcome: "succeeded" });
  await refusedWithNothingWritten({ token: `${header}.${payload}.${signature.slice(0, -2)}xx`, outcome: "succeeded" });
  await refusedWithNothingWritten({ token: "not-a-token", outcome: "succeeded" });
  await refusedWithNothingWritten({ outcome: "succeeded" });
  await refusedWithNothingWritten({ token, outcome: "refunded" });
  await refusedWithNothingWritten({ token });
  expect(await paymentRow(server, checkout.payment.id)).toMatchObject({ status: "REQUIRES_PAYMENT" });
});

it("refuses an expired link, on the page and in the form", async () => {
  const { checkout } = await openPayment();
  const past = new Date(Date.now() - (localCheckoutTtlSeconds(server.app.platform.config) + 60) * 1000);
  const expiredUrl = await localCheckoutUrl(server.app.platform.config, databaseId(checkout.payment.id), past);
  expect((await openCheckoutPage(server, expiredUrl)).status).toBe(400);
  await refusedWithNothingWritten({ token: expiredUrl.split("/").at(-1)!, outcome: "succeeded" });
  expect(await paymentRow(server, checkout.payment.id)).toMatchObject({ status: "REQUIRES_PAYMENT" });
});

it("settles once: a replayed POST, or the other button pressed afterwards, changes nothing", async () => {
  const { token, checkout } = await openPayment();
  const paymentId = databaseId(checkout.payment.id);
  expect((await postCheckoutForm(server, { token, outcome: "failed" })).status).toBe(303);
  const settled = await paymentRow(server, checkout.payment.id);
  expect(settled.status).toBe("FAILED");
  const before = await databaseState(server);
  for (const outcome of ["failed", "succeeded"]) {
    const again = await postCheckoutForm(server, { token, outcome });
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(`${server.app.platform.config.publicUrl}/purchases/${checkout.payment.id}`);
  }
  expect(await databaseState(server)).toEqual(before);
  expect(await server.db.paymentEvent.findMany({ where: { paymentId }, select: { eventId: true } })).toEqual([{ eventId: `local:${paymentId}:failed` }]);
  // The page of a settled payment says so instead of offering its buttons.
  const page = await openCheckoutPage(server, checkout.checkoutUrl!);
  expect(page.status).toBe(409);
  expect(await page.text()).not.toContain('value="succeeded"');
});

it("records the page's outcome as a provider event, in the transaction that settles the payment", async () => {
  const { token, checkout } = await openPayment();
  const paymentId = databaseId(checkout.payment.id);
  const concurrent = await Promise.all(Array.from({ length: 5 }, () => postCheckoutForm(server, { token, outcome: "succeeded" })));
  expect(concurrent.map((response) => response.status)).toEqual(Array(5).fill(303));
  expect(await server.db.paymentEvent.count({ where: { paymentId } })).toBe(1);
  expect(await server.db.domainEvent.count({ where: { aggregate: `payment:${paymentId}`, name: "billing.paymentSucceeded" } })).toBe(1);
});

it("is not served when Stripe takes the payments", async () => {
  const stripe = await startTestServer({ ...LOCAL_BILLING_ENV, STRIPE_SECRET_KEY: "sk_test_unused", STRIPE_WEBHOOK_SECRET: "whsec_unused" }, { besides: server });
  try {
    const response = await fetch(`${stripe.url}/billing/local-checkout`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "token=x&outcome=succeeded",
      redirect: "manual",
    });
    expect(response.status).toBe(404);
  } finally {
    await stripe.close();
  }
});

describe("the request log", () => {
  type LogEntry = Record<string, unknown> & { msg?: string };
  const entries: LogEntry[] = [];
  let logged: TestServer;
  beforeAll(async () => {
    // At debug every request is written with its URL and headers: the most the log ever shows.
    const logTo = { write: (chunk: string) => chunk.split("\n").filter(Boolean).forEach((line) => entries.push(JSON.parse(line) as LogEntry)) };
    logged = await startTestServer({ ...UNTHROTTLED, ...LOCAL_BILLING_ENV, LOG_LEVEL: "debug" }, { logTo, besides: server });
  });
  afterAll(() => logged.close());

  it("never holds the page's token: its path segment is written [redacted]", async () => {
    const { courseId } = await paidCourse(logged, (await signUpCast(logged)).owner.accessToken);
    const checkout = await startCheckout(logged, (await buyer(logged)).accessToken, courseId);
    const token = checkout.checkoutUrl!.split("/").at(-1)!;
    expect((await openCheckoutPage(logged, checkout.checkoutUrl!)).status).toBe(200);
    // A refused (altered) token is no more written than a valid one.
    expect((await fetch(`${logged.url}/billing/local-checkout/${token}x`)).status).toBe(400);
    const pageLines = () => entries.filter((entry) => (entry.req as { url?: string } | undefined)?.url?.startsWith("/billing/local-checkout/") && "res" in entry);
    await waitUntil("the page requests' lines", () => pageLines().length >= 2);

    expect(pageLines().map((entry) => [(entry.req as { url: string }).url, entry.msg])).toEqual([
      ["/billing/local-checkout/[redacted]", expect.stringMatching(/^GET \/billing\/local-checkout\/\[redacted\] 200 in \d+ ms$/)],
      ["/billing/local-checkout/[redacted]", expect.stringMatching(/^GET \/billing\/local-checkout\/\[redacted\] 400 in \d+ ms$/)],
    ]);
    const signature = token.split(".")[2]!;
    expect(JSON.stringify(entries)).not.toContain(signature);
  });
});
