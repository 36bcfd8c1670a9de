// The local payment provider: no service, no configuration. Its checkout is the API's own page
// (local-checkout.routes.ts) at a signed link bound to one payment that expires; the page's two
// buttons report the outcome through applyPaymentFact, as a provider's webhook would. Refunds
// complete at once. For development and tests only: config.ts refuses it in production unless
// PAYMENTS_PROVIDER=local says so.
import { randomBytes } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import type { Config } from "../../platform/config.ts";
import { keptSecret } from "../../platform/kept-secret.ts";
import type { PaymentProvider } from "./payment-provider.ts";

export const LOCAL_CHECKOUT_PATH = "/billing/local-checkout";
/** Long enough to look at the page and decide; startCheckout answers a fresh link each time it is asked again. */
export const LOCAL_CHECKOUT_TTL_SECONDS = 3600;
const AUDIENCE = "local-checkout";
const KEY_FILE = "local-checkout-signing.key";

const keysByConfig = new WeakMap<Config, Promise<Uint8Array>>();

/** The HMAC key of the page's links: derived from JWT_SECRET, else made once and kept in DATA_DIR (links survive a restart). */
export function localCheckoutKey(config: Config): Promise<Uint8Array> {
  let key = keysByConfig.get(config);
  if (!key) {
    const configured = config.payments.provider === "local" ? config.payments.signingKey : undefined;
    key = (configured ? Promise.resolve(configured) : keptSecret(config.dataDir, KEY_FILE, () => randomBytes(32).toString("hex"))).then((text) =>
      new TextEncoder().encode(text),
    );
    keysByConfig.set(config, key);
  }
  return key;
}

export const localReference = (paymentId: string) => `local_${paymentId}`;

/** A signed link to the payment's page, valid for LOCAL_CHECKOUT_TTL_SECONDS. */
export async function localCheckoutUrl(config: Config, paymentId: string, now = new Date()): Promise<string> {
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(paymentId)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(now.getTime() / 1000) + LOCAL_CHECKOUT_TTL_SECONDS)
    .sign(await localCheckoutKey(config));
  return `${config.publicUrl}${LOCAL_CHECKOUT_PATH}/${token}`;
}

/** The payment id a link's token is bound to; null when forged, altered or expired. */
export async function verifyLocalCheckoutToken(config: Config, token: string): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, await localCheckoutKey(config), { audience: AUDIENCE, algorithms: ["HS256"] });
    return typeof payload.sub === "string" ? payload.sub : null;
  } catch {
    return null;
  }
}

export async function createLocalProvider(config: Config): Promise<PaymentProvider> {
  // Made now, so a DATA_DIR that cannot keep it fails the start.
  await localCheckoutKey(config);
  return {
    name: "local",
    async createCheckout(request) {
      return { providerReference: localReference(request.paymentId), checkoutUrl: await localCheckoutUrl(config, request.paymentId), clientSecret: null };
    },
    async refund(request) {
      return { providerReference: `local_refund_${request.refundId}` };
    },
    // Nothing is kept here: the page reports each outcome as it happens, so an unsettled payment is still pending.
    async fetchState() {
      return { outcome: "pending", refundedCents: 0 };
    },
  };
}
