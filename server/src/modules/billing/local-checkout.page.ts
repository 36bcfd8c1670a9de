// The local provider's checkout page: the course, the amount, a banner saying no money moves, and
// two buttons whose form POST reports the outcome, in the API's own page shell (platform/html-page.ts).
import { escapeHtml, htmlPage } from "../../platform/html-page.ts";
import { LOCAL_CHECKOUT_PATH } from "./local-provider.ts";

export const LOCAL_CHECKOUT_STYLESHEET = `${LOCAL_CHECKOUT_PATH}.css`;

/** "$49.00", "€12.50": the amount in its currency's own minor units. */
export function formatAmount(amountCents: number, currency: string): string {
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountCents / 10 ** digits);
}

function layout(title: string, body: string): string {
  return htmlPage({
    title,
    stylesheet: LOCAL_CHECKOUT_STYLESHEET,
    body: `<p class="banner" role="note"><strong>Development payment provider.</strong> No money moves: this page stands in for a real payment page (Stripe's) on development and test servers.</p>
<main>
${body}
</main>`,
  });
}

export interface LocalCheckoutPageFacts {
  token: string;
  courseTitle: string;
  amountCents: number;
  listPriceCents: number;
  currency: string;
}

export function localCheckoutPage(facts: LocalCheckoutPageFacts): string {
  const discount =
    facts.listPriceCents > facts.amountCents
      ? `<p class="discount">List price ${escapeHtml(formatAmount(facts.listPriceCents, facts.currency))}, less your coupon.</p>`
      : "";
  return layout(
    `Pay for ${facts.courseTitle}`,
    `<h1>Pay for <span class="course">${escapeHtml(facts.courseTitle)}</span></h1>
<p class="amount">Amount: <strong>${escapeHtml(formatAmount(facts.amountCents, facts.currency))}</strong></p>
${discount}
<form method="post" action="${LOCAL_CHECKOUT_PATH}">
  <input type="hidden" name="token" value="${escapeHtml(facts.token)}">
  <button type="submit" name="outcome" value="succeeded" class="pay">Pay ${escapeHtml(formatAmount(facts.amountCents, facts.currency))}</button>
  <button type="submit" name="outcome" value="failed" class="fail">Make the payment fail</button>
</form>`,
  );
}

/** A link that was altered, forged or left too long, or a payment no longer open. */
export function unusableCheckoutPage(message: string, returnUrl?: string): string {
  const back = returnUrl ? `<p><a href="${escapeHtml(returnUrl)}">See the payment</a></p>` : "";
  return layout("Checkout unavailable", `<h1>Checkout unavailable</h1>\n<p>${escapeHtml(message)}</p>\n${back}`);
}

export const LOCAL_CHECKOUT_STYLES = `
body { font-family: system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #f6f6f4; }
.banner { margin: 0; padding: 0.75rem 1rem; background: #fff3c4; border-bottom: 2px solid #e0b400; text-align: center; }
main { max-width: 32rem; margin: 3rem auto; padding: 2rem; background: #fff; border-radius: 0.5rem; box-shadow: 0 1px 4px rgb(0 0 0 / 0.12); }
h1 { font-size: 1.4rem; margin-top: 0; }
.amount { font-size: 1.2rem; }
.discount { color: #555; }
form { display: flex; gap: 0.75rem; margin-top: 1.5rem; flex-wrap: wrap; }
button { font: inherit; padding: 0.6rem 1.2rem; border-radius: 0.35rem; border: 1px solid transparent; cursor: pointer; }
.pay { background: #1f6feb; color: #fff; }
.fail { background: #fff; color: #b42318; border-color: #b42318; }
`;
