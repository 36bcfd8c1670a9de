// The local provider's page on the API's own origin: GET shows the payment a signed link is bound
// to; its form POST (the token travels in the form, so another site cannot make a browser post
// one it does not have) settles the payment through applyPaymentFact, the webhooks' path, then
// sends the learner to the web client's return page. A forged, altered or expired token, or
// anything else wrong, answers 400 with a plain page and writes nothing.
import express, { type Response, type Router } from "express";
import type { Platform } from "../../platform/platform.ts";
import { LOCAL_CHECKOUT_STYLES, LOCAL_CHECKOUT_STYLESHEET, localCheckoutPage, unusableCheckoutPage } from "./local-checkout.page.ts";
import { LOCAL_CHECKOUT_PATH, verifyLocalCheckoutToken } from "./local-provider.ts";
import { applyPaymentFact } from "./payment-settlement.service.ts";
import { returnPageUrl } from "./payment.service.ts";

const OUTCOMES = new Set(["succeeded", "failed"]);

function refuse(response: Response, message: string, status = 400, returnUrl?: string): void {
  response.status(status).type("html").send(unusableCheckoutPage(message, returnUrl));
}

/**
 * This page is the local provider itself, so with payments turned off (FEATURE_PAYMENTS=off) it
 * takes no payment: the open payment lapses when its link expires. (Stripe's own page, which the
 * server cannot stop, takes one until its session expires, and its webhook records it.)
 */
function refusedWhilePaymentsOff(platform: Platform, response: Response): boolean {
  if (platform.config.features.payments) return false;
  refuse(response, "Payments are turned off on this platform for now, so this checkout takes no payment; nothing was charged.", 503);
  return true;
}

export function localCheckoutRoutes(router: Router, platform: Platform): void {
  if (platform.config.payments.provider !== "local") return;

  router.get(LOCAL_CHECKOUT_STYLESHEET, (_request, response) => {
    response.setHeader("Cache-Control", "public, max-age=3600");
    response.type("css").send(LOCAL_CHECKOUT_STYLES);
  });

  router.get(`${LOCAL_CHECKOUT_PATH}/:token`, async (request, response) => {
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Robots-Tag", "noindex");
    if (refusedWhilePaymentsOff(platform, response)) return;
    const token = String(request.params.token);
    const paymentId = await verifyLocalCheckoutToken(platform.config, token);
    const payment = paymentId ? await platform.db.payment.findUnique({ where: { id: paymentId }, include: { course: { select: { title: true } } } }) : null;
    if (!payment || payment.provider !== "local") return refuse(response, "This checkout link is not valid, or has expired: start the checkout again from the course's page.");
    if (payment.status !== "REQUIRES_PAYMENT" && payment.status !== "PROCESSING") {
      return refuse(response, "This payment is settled already.", 409, returnPageUrl(platform, payment.id));
    }
    response.type("html").send(
      localCheckoutPage({ token, courseTitle: payment.course.title, amountCents: payment.amountCents, listPriceCents: payment.listPriceCents, currency: payment.currency }),
    );
  });

  router.post(LOCAL_CHECKOUT_PATH, express.urlencoded({ extended: false, limit: "8kb" }), async (request, response) => {
    response.setHeader("Cache-Control", "no-store");
    if (refusedWhilePaymentsOff(platform, response)) return;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const outcome = typeof body.outcome === "string" && OUTCOMES.has(body.outcome) ? (body.outcome as "succeeded" | "failed") : null;
    const paymentId = typeof body.token === "string" ? await verifyLocalCheckoutToken(platform.config, body.token) : null;
    if (!paymentId) return refuse(response, "This checkout link is not valid, or has expired: start the checkout again from the course's page.");
    if (!outcome) return refuse(response, "Choose to pay or to make the payment fail.");
    const payment = await platform.db.payment.findUnique({ where: { id: paymentId } });
    if (!payment || payment.provider !== "local") return refuse(response, "This checkout link is not valid, or has expired: start the checkout again from the course's page.");
    // A settled payment stays as it is (a replayed or second press): the return page shows how it ended.
    if (payment.status === "REQUIRES_PAYMENT" || payment.status === "PROCESSING") {
      await applyPaymentFact(platform, {
        provider: "local",
        eventId: `local:${payment.id}:${outcome}`,
        paymentId: payment.id,
        occurredAt: new Date(),
        kind: outcome,
        ...(outcome === "failed" ? { message: "Failed on the development payment page." } : {}),
      });
    }
    response.redirect(303, returnPageUrl(platform, payment.id));
  });
}
