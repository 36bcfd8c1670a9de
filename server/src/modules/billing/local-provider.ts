// The local payment provider: no service to configure. Its checkout is the API's own page
// (local-checkout.routes.ts) at a signed link bound to one payment, which expires
// LOCAL_CHECKOUT_TTL_SECONDS after the payment started, as Stripe's hosted page does; the page's
// two buttons report the outcome through applyPaymentFact, as a provider's webhook would. Asked
// about a payment, it answers canceled once that link has expired (the reconciliation then cancels
// the abandoned payment). Refunds complete at once. For development and tests only: config.ts
// refuses it in production unless PAYMENTS_PROVIDER=local says so.
import { randomBytes } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import type { Config } from "../../platform/config.ts";
import { keptSecret } from "../../platform/kept-secret.ts";
import { paymentCreatedAt, type PaymentProvider } from "./payment-provider.ts";

export const LOCAL_CHECKOUT_PATH = "/billing/local-checkout";
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

/** How long a local checkout takes payments (config's LOCAL_CHECKOUT_TTL_SECONDS). */
export function localCheckoutTtlSeconds(config: Config): number {
  if (config.payments.provider !== "local") throw new Error("local checkouts are made only when the local provider takes the payments");
  return config.payments.checkoutTtlSeconds;
}

/**
 * When the payment's checkout stops taking payments: the lifetime after the payment started (its
 * UUIDv7 id says when), the same for every link made for it, so asking for the checkout again
 * never keeps an abandoned payment alive. In whole seconds, as the link's token counts them, so
 * the link and the payment lapse at the same instant.
 */
export function localCheckoutExpiry(config: Config, paymentId: string, startedAt = paymentCreatedAt(paymentId) ?? new Date()): Date {
  return new Date(Math.floor(startedAt.getTime() / 1000 + localCheckoutTtlSeconds(config)) * 1000);
}

/** A signed link to the payment's page, valid until its checkout's expiry (startedAt: when the payment started). */
export async function localCheckoutUrl(config: Config, paymentId: string, startedAt?: Date): Promise<string> {
  const expiry = localCheckoutExpiry(config, paymentId, startedAt);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(paymentId)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiry.getTime() / 1000)
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
    // Nothing outside our database holds the checkout: once the payment is canceled, its page refuses it.
    async expireCheckout() {
      return "expired";
    },
    async refund(request) {
      return { providerReference: `local_refund_${request.refundId}` };
    },
    // The page reports each outcome as it happens, so an unsettled payment is pending until its link expires, then abandoned.
    async fetchState(payment) {
      const lapsed = localCheckoutExpiry(config, payment.id).getTime() <= Date.now();
      return { outcome: lapsed ? "canceled" : "pending", refundedCents: 0 };
    },
  };
}
