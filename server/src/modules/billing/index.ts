// billing: payments for paid courses through a provider (the local one by default, Stripe when
// configured), refunds and coupons. A payment's success enrolls its learner through learning's
// exported functions (billing's listeners), a full refund ends the enrollment, a dispute suspends it.
// Its refusals' reasons, for every program that compiles the module (not only the server's, which includes every file).
import "./billing.reasons.ts";
import { extend } from "../../platform/extension-points.ts";
import type { Module } from "../../platform/module.ts";
import { deletionVetoes } from "../catalog/index.ts";
import { billingListeners } from "./billing.events.ts";
import { billingRules } from "./billing.rules.ts";
import { findVisibleCoupon } from "./coupon.policy.ts";
import { CouponResolver } from "./coupon.resolver.ts";
import { DisputeEvidenceResolver } from "./dispute-evidence.resolver.ts";
import { localCheckoutRoutes } from "./local-checkout.routes.ts";
import { LOCAL_CHECKOUT_PATH } from "./local-provider.ts";
import { findVisiblePayment } from "./payment.policy.ts";
import { scheduleReconciliation } from "./payment-reconciliation.ts";
import { PaymentResolver } from "./payment.resolver.ts";
import { refuseDeletingPaidCourse } from "./payment.service.ts";
import { paymentProvider } from "./providers.ts";
import { stripeWebhookRoutes } from "./stripe-webhook.ts";

export { applyPaymentFact, type PaymentFact, type PaymentFactOf } from "./payment-settlement.service.ts";

export const billing: Module = {
  name: "billing",
  resolvers: [PaymentResolver, CouponResolver, DisputeEvidenceResolver],
  rules: billingRules,
  nodes: { Payment: findVisiblePayment, Coupon: findVisibleCoupon },
  extensions: [extend(deletionVetoes, refuseDeletingPaidCourse)],
  listeners: billingListeners,
  routes(router, platform) {
    localCheckoutRoutes(router, platform);
    stripeWebhookRoutes(router, platform);
  },
  // The local page's link carries its signed token in the path: whoever reads the log could pay with it.
  secretPathPrefixes: [LOCAL_CHECKOUT_PATH],
  // The configured provider is made at start: a provider that cannot be made fails the start, not the first checkout.
  async start(platform) {
    await paymentProvider(platform.config, platform.log);
    await scheduleReconciliation(platform);
  },
};
