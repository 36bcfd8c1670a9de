// paymentUpdated over graphql-ws: the learner's return page hears its payment settle; the course's
// owner hears it too; anyone else is refused when subscribing and hears nothing.
import type { GraphQLFormattedError } from "graphql";
import type { Client } from "graphql-ws";
import { databaseId } from "../../../test/support/ids.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import { buyer, LOCAL_BILLING_ENV, paidCourse, payOnLocalPage, startCheckout } from "./billing.fixtures.ts";
import { publishPaymentUpdate } from "./payment-feed.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer({ ...UNTHROTTLED, ...LOCAL_BILLING_ENV });
  cast = await signUpCast(server);
});
afterAll(() => server.close());

const PAYMENT_UPDATED = /* GraphQL */ `subscription ($paymentId: ID!) { paymentUpdated(paymentId: $paymentId) { id status refundedCents } }`;

interface Watch {
  events: Record<string, any>[];
  errors: GraphQLFormattedError[];
  ended: boolean;
}

function watch(client: Client, paymentId: string): Watch {
  const seen: Watch = { events: [], errors: [], ended: false };
  client.subscribe<{ paymentUpdated: Record<string, any> }>(
    { query: PAYMENT_UPDATED, variables: { paymentId } },
    {
      next: (result) => {
        if (result.data) seen.events.push(result.data.paymentUpdated);
        if (result.errors) seen.errors.push(...result.errors);
      },
      error: (error) => {
        seen.errors.push(...(Array.isArray(error) ? error : [{ message: `closed ${(error as { code?: number }).code}` }]));
        seen.ended = true;
      },
      complete: () => void (seen.ended = true),
    },
  );
  return seen;
}

/** Nudges the payment's topic until every watch has heard it: its subscription is taken, whenever the server took it. */
async function untilSubscribed(paymentId: string, watches: Watch[]) {
  await waitUntil("the subscriptions taken", () => {
    publishPaymentUpdate(server.app.platform, { paymentId: databaseId(paymentId) });
    return watches.every((seen) => seen.events.length > 0);
  });
}

it("brings the learner and the course's owner the payment as it settles; another student is refused and hears nothing", async () => {
  const { courseId } = await paidCourse(server, cast.owner.accessToken);
  const learner = await buyer(server);
  const checkout = await startCheckout(server, learner.accessToken, courseId);
  const returnPage = watch(server.subscriptionClient(learner.accessToken), checkout.payment.id);
  const owner = watch(server.subscriptionClient(cast.owner.accessToken), checkout.payment.id);
  const stranger = watch(server.subscriptionClient(cast.otherStudent.accessToken), checkout.payment.id);
  await untilSubscribed(checkout.payment.id, [returnPage, owner]);
  expect(returnPage.events[0]).toEqual({ id: checkout.payment.id, status: "REQUIRES_PAYMENT", refundedCents: 0 });

  await payOnLocalPage(server, checkout.checkoutUrl!, "succeeded");
  const settled = (seen: Watch) => seen.events.some((event) => event.status === "SUCCEEDED");
  await waitUntil("the settled payment's event", () => settled(returnPage) && settled(owner));
  await waitUntil("the stranger's refusal", () => stranger.ended);
  expect(stranger.errors.some((error) => error.extensions?.code === "NOT_FOUND")).toBe(true);
  expect(stranger.events).toEqual([]);
});
