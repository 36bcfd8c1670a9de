// The local payment provider's page, reached from the browser. The API writes its links (the
// checkout page, the return page it redirects to) for its PUBLIC_URL, but the test server listens
// on a port chosen later: send the browser to the same paths where it listens.
import type { BrowserContext } from "playwright-core";
import type { TestServer } from "../../../server/test/support/test-server.ts";

export async function routeCheckoutToTestServer(context: BrowserContext, server: TestServer): Promise<void> {
  const publicUrl = server.app.platform.config.publicUrl;
  if (publicUrl === server.url) return;
  const onTestServer = (url: string) => (url.startsWith(publicUrl) ? server.url + url.slice(publicUrl.length) : url);
  // The client leaves for checkoutUrl: a redirect, so that the page is the test server's own.
  await context.route(`${publicUrl}/billing/**`, (route) =>
    route.fulfill({ status: 302, headers: { location: onTestServer(route.request().url()) } }),
  );
  // The page's form answers 303 to the return page; a redirect's next hop is not routed, so its
  // Location is rewritten here.
  await context.route(`${server.url}/billing/local-checkout`, async (route) => {
    const response = await route.fetch({ maxRedirects: 0 });
    const location = response.headers()["location"];
    await route.fulfill({ response, headers: { ...response.headers(), ...(location ? { location: onTestServer(location) } : {}) } });
  });
}

const START_CHECKOUT = /* GraphQL */ `
  mutation ($courseId: ID!) { startCheckout(courseId: $courseId) { checkoutUrl payment { id } } }
`;

/**
 * The token's learner buys the course as a browser would, without one: the checkout, then the
 * local page's form pressed on "Pay". Answers the payment's global id once it succeeded.
 */
export async function buyOnLocalPage(server: TestServer, token: string, courseId: string): Promise<string> {
  const started = await server.graphql(START_CHECKOUT, { courseId }, { token });
  const checkout = started.data?.startCheckout as { checkoutUrl: string; payment: { id: string } } | undefined;
  if (!checkout) throw new Error(`startCheckout failed: ${JSON.stringify(started.errors)}`);
  const publicUrl = server.app.platform.config.publicUrl;
  const page = await (await fetch(server.url + checkout.checkoutUrl.slice(publicUrl.length))).text();
  const formToken = /name="token" value="([^"]+)"/.exec(page)?.[1];
  if (!formToken) throw new Error(`no form on the local checkout page: ${page}`);
  const posted = await fetch(`${server.url}/billing/local-checkout`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: formToken, outcome: "succeeded" }).toString(),
    redirect: "manual",
  });
  if (posted.status !== 303) throw new Error(`the local checkout page answered ${posted.status}`);
  return checkout.payment.id;
}
