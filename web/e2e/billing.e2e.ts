// Journey: buying a course with the local payment provider. A visitor signs in to buy, leaves the
// payment page and comes back to the same payment, presses "Pay" on the API's page, lands on the
// return page and starts watching; a failed payment is tried again and succeeds; the owner refunds
// part of a payment (the learner keeps watching), then the rest (the player stops, the course page
// offers Buy again); the owner creates a coupon that a learner applies, seeing its price before
// paying; an address not verified yet is asked for first; a disputed payment shows for the owner,
// who downloads its evidence.
import type { Page } from "playwright-core";
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { readFile } from "node:fs/promises";
import { applyPaymentFact } from "../../server/src/modules/billing/index.ts";
import { databaseId } from "../../server/test/support/ids.ts";
import { waitUntil } from "../../server/test/support/wait.ts";
import { screenshot, signInThroughForm } from "./support/browser.ts";
import { buyOnLocalPage, routeCheckoutToTestServer } from "./support/checkout.ts";
import { useJourney } from "./support/journey.ts";
import { arrangeLearnableCourse } from "./support/learnable-course.ts";
import { routeMediaToTestServer } from "./support/media.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";
import { toast } from "./support/toasts.ts";

const JOURNEY = "billing";
// Payments are settled by the page's buttons here, not by the reconciliation job.
const journey = useJourney({ withDataDir: true, env: { PAYMENT_RECONCILIATION_CRON: "off" } });
let owner: TestAccount;
let course: { courseId: string; slug: string; videoIds: string[] };

beforeAll(async () => {
  owner = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Olga Owner" });
  course = await arrangeLearnableCourse(journey.server, owner.accessToken, journey.dataDir, {
    title: "Bread at home",
    description: "Loaves, rolls and flatbreads from your own oven.",
    priceCents: 4900,
    videos: [{ title: "Flour and water", seconds: 4 }],
  });
});

/** A browser of its own, whose checkout and media requests reach the test server. */
async function openBuyer() {
  const visitor = await journey.openVisitor();
  await routeMediaToTestServer(visitor.context, journey.server);
  await routeCheckoutToTestServer(visitor.context, journey.server);
  return visitor;
}

const paymentsOf = (learner: TestAccount) =>
  journey.server.db.payment.findMany({
    where: { userId: databaseId(learner.id), courseId: databaseId(course.courseId) },
    orderBy: { id: "asc" },
  });

const enrollmentOf = (learner: TestAccount) =>
  journey.server.db.enrollment.findFirst({
    where: { userId: databaseId(learner.id), courseId: databaseId(course.courseId) },
  });

/** The lesson's video starts, muted (which browsers let start without a click), plays a moment and pauses. */
async function expectPlaying(page: Page): Promise<void> {
  await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>("video.lesson-video")?.readyState ?? 0) >= 1);
  await page.evaluate(async () => {
    const video = document.querySelector<HTMLVideoElement>("video.lesson-video")!;
    video.muted = true;
    await video.play();
  });
  await page.waitForFunction(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.currentTime >= 0.5);
  await page.evaluate(() => document.querySelector<HTMLVideoElement>("video.lesson-video")!.pause());
}

/** The editor's tabs at the top of the screen, at the page's width and a phone's: the panels, not the whole editor. */
async function screenshotTabsBothWidths(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()!;
  const tabsAtTop = () => page.getByRole("tablist", { name: "Learners, sales and the tutor" }).evaluate((tabs) => tabs.scrollIntoView({ block: "start" }));
  await tabsAtTop();
  await screenshot(page, JOURNEY, name, { fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await tabsAtTop();
  await screenshot(page, JOURNEY, `${name}-phone`, { fullPage: false });
  await page.setViewportSize(width);
}

async function pay(page: Page, amount: string): Promise<void> {
  await page.waitForURL(/\/billing\/local-checkout\//);
  await page.getByRole("heading", { level: 1, name: "Pay for Bread at home" }).waitFor();
  await page.getByRole("button", { name: `Pay ${amount}` }).click();
}

test("a visitor signs in to buy, comes back to the same payment, pays on the local page and starts watching", async () => {
  const learner = await signUp(journey.server, { displayName: "Bea Buyer", verified: true });
  const { context, page } = await openBuyer();

  await page.goto(`/courses/${course.slug}`);
  await page.getByRole("list", { name: "Course facts" }).getByText("$49.00").waitFor();
  await screenshotBothWidths(page, JOURNEY, "01-paid-course-signed-out");
  await page.getByRole("button", { name: "Buy for $49.00" }).click();
  await page.waitForURL(/\/sign-in\?next=/);
  await page.getByLabel("Email").fill(learner.email);
  await page.getByLabel("Password").fill(learner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Bread at home" }).waitFor();

  // Leaving the payment page and coming back resumes that payment: no second one.
  await page.getByRole("button", { name: "Buy for $49.00" }).click();
  await page.waitForURL(/\/billing\/local-checkout\//);
  await screenshotBothWidths(page, JOURNEY, "02-local-payment-page");
  await page.goBack();
  await page.getByText("You started paying for this course earlier.").waitFor();
  await screenshotBothWidths(page, JOURNEY, "03-course-payment-open");
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await pay(page, "$49.00");

  await page.getByRole("heading", { level: 1, name: "You bought “Bread at home”" }).waitFor();
  await screenshotBothWidths(page, JOURNEY, "04-purchase-succeeded");
  const payments = await paymentsOf(learner);
  expect(payments.map((payment) => [payment.status, payment.amountCents])).toEqual([["SUCCEEDED", 4900]]);
  expect((await enrollmentOf(learner))?.status).toBe("ACTIVE");

  await page.getByRole("link", { name: "Start learning" }).click();
  await page.getByRole("heading", { level: 1, name: "Flour and water" }).waitFor();
  await expectPlaying(page);

  // The receipt, from the account's menu.
  await page.getByRole("link", { name: "Purchases" }).click();
  const receipt = page.getByRole("article", { name: "Receipt: Bread at home" });
  await receipt.getByText("Paid", { exact: true }).first().waitFor();
  await receipt.getByText("$49.00").waitFor();
  await screenshotBothWidths(page, JOURNEY, "05-purchases");

  // The course page now leads to the player.
  await page.goto(`/courses/${course.slug}`);
  await page.getByRole("link", { name: /^(Continue learning|Start the course)$/ }).waitFor();
  await context.close();
});

test("a failed payment says so, and trying again succeeds", async () => {
  const learner = await signUp(journey.server, { displayName: "Fay Failing", verified: true });
  const { context, page } = await openBuyer();
  await signInThroughForm(page, learner.email, learner.password);
  await page.goto(`/courses/${course.slug}`);
  await page.getByRole("button", { name: "Buy for $49.00" }).click();
  await page.waitForURL(/\/billing\/local-checkout\//);
  await page.getByRole("button", { name: "Make the payment fail" }).click();

  const failure = page.getByRole("alert").filter({ hasText: "Your payment did not go through" });
  await failure.getByText("Nothing was charged.", { exact: false }).waitFor();
  await screenshotBothWidths(page, JOURNEY, "06-payment-failed");
  expect(await enrollmentOf(learner)).toBeNull();

  await failure.getByRole("button", { name: "Try again" }).click();
  await pay(page, "$49.00");
  await page.getByRole("heading", { level: 1, name: "You bought “Bread at home”" }).waitFor();
  expect((await paymentsOf(learner)).map((payment) => payment.status)).toEqual(["FAILED", "SUCCEEDED"]);
  await page.getByRole("link", { name: "Start learning" }).click();
  await expectPlaying(page);
  await context.close();
});

test("the owner refunds part of a payment, then the rest: the learner's player stops and the course offers Buy again", async () => {
  const learner = await signUp(journey.server, { displayName: "Rita Reader", verified: true });
  const paymentId = await buyOnLocalPage(journey.server, learner.accessToken, course.courseId);
  await waitUntil("the purchase's enrollment", async () => (await enrollmentOf(learner))?.status === "ACTIVE");
  const buyer = await openBuyer();
  await signInThroughForm(buyer.page, learner.email, learner.password);
  await buyer.page.goto(`/learn/courses/${encodeURIComponent(course.courseId)}`);
  await buyer.page.getByRole("heading", { level: 1, name: "Flour and water" }).waitFor();
  await expectPlaying(buyer.page);

  const teacher = await journey.openVisitor();
  const page = teacher.page;
  await signInThroughForm(page, owner.email, owner.password);
  await page.goto(`/teach/courses/${encodeURIComponent(course.courseId)}/edit`);
  await page.getByRole("tab", { name: "Payments" }).click();
  const payments = page.getByRole("region", { name: "Payments" });
  const row = payments.getByRole("listitem").filter({ hasText: "Rita Reader" });
  await row.getByText("Paid", { exact: true }).waitFor();

  // Part of it: more than what is left is refused before asking the API; the learner keeps access.
  await row.getByRole("button", { name: "Refund… Rita Reader" }).click();
  const dialog = page.getByRole("dialog", { name: "Refund Rita Reader" });
  await dialog.getByLabel("Amount (USD)").fill("60");
  await dialog.getByRole("button", { name: "Refund", exact: true }).click();
  await dialog.getByText("Must be at most $49.00, what is left of the payment.").waitFor();
  await dialog.getByLabel("Amount (USD)").fill("10");
  await dialog.getByLabel("Reason (optional)").fill("The last chapter's video was missing for a week.");
  await screenshotBothWidths(page, JOURNEY, "07-refund-dialog", { fullPage: false });
  await dialog.getByRole("button", { name: "Refund", exact: true }).click();
  await toast(page, "Refunded $10.00 to Rita Reader. They keep their access to the course.").waitFor();
  await row.getByText("Partly refunded").waitFor();
  expect((await journey.server.db.payment.findUniqueOrThrow({ where: { id: databaseId(paymentId) } })).refundedCents).toBe(1000);
  expect((await enrollmentOf(learner))?.status).toBe("ACTIVE");

  // The rest: the enrollment ends.
  await row.getByRole("button", { name: "Refund… Rita Reader" }).click();
  await dialog.getByLabel("Amount (USD)").waitFor();
  expect(await dialog.getByLabel("Amount (USD)").inputValue()).toBe("39.00");
  await dialog.getByRole("button", { name: "Refund", exact: true }).click();
  await toast(page, "Refunded $39.00 to Rita Reader. The payment is refunded in full, so their access to the course ended.").waitFor();
  await row.getByText("Refunded", { exact: true }).waitFor();
  await row.getByText(/Refunded \$49\.00: \$10\.00 on .*“The last chapter's video was missing for a week\.”/).waitFor();
  await screenshotTabsBothWidths(page, "08-owner-payments-refunded");
  await waitUntil("the enrollment refunded", async () => (await enrollmentOf(learner))?.status === "REFUNDED");

  await page.getByRole("tab", { name: "Students" }).click();
  await page.getByRole("region", { name: "Students" }).getByRole("listitem").filter({ hasText: "Rita Reader" }).getByText("Refunded", { exact: true }).waitFor();

  await buyer.page.reload();
  await buyer.page.getByText("Buy this course to watch its videos. A purchase that was refunded no longer gives access; what you watched before is kept if you buy it again.").waitFor();
  expect(await buyer.page.locator("video.lesson-video").count()).toBe(0);
  await buyer.page.getByRole("link", { name: "Go to the course page" }).click();
  await buyer.page.getByRole("button", { name: "Buy for $49.00" }).waitFor();
  await buyer.page.getByRole("link", { name: "Purchases" }).click();
  await buyer.page.getByRole("article", { name: "Receipt: Bread at home" }).getByText("Refunded", { exact: true }).waitFor();
  await screenshotBothWidths(buyer.page, JOURNEY, "09-purchases-refunded");
  await Promise.all([buyer.context.close(), teacher.context.close()]);
});

test("the owner creates a coupon; a learner sees its price before paying, and pays that", async () => {
  const teacher = await journey.openVisitor();
  await signInThroughForm(teacher.page, owner.email, owner.password);
  await teacher.page.goto(`/teach/courses/${encodeURIComponent(course.courseId)}/edit`);
  await teacher.page.getByRole("tab", { name: "Coupons" }).click();
  const coupons = teacher.page.getByRole("region", { name: "Coupons" });
  await coupons.getByLabel("Code").fill("spring25");
  await coupons.getByLabel("Percent off").fill("25");
  await coupons.getByLabel("Uses (optional)").fill("10");
  await coupons.getByRole("button", { name: "Create coupon" }).click();
  await toast(teacher.page, "The coupon SPRING25 is ready: learners can type it when they buy the course.").waitFor();
  await coupons.getByRole("listitem").filter({ hasText: "SPRING25" }).getByText("25% off, used 0 of 10 times, no expiry.").waitFor();
  await screenshotTabsBothWidths(teacher.page, "10-owner-coupons");

  const learner = await signUp(journey.server, { displayName: "Cleo Coupon", verified: true });
  const { context, page } = await openBuyer();
  await signInThroughForm(page, learner.email, learner.password);
  await page.goto(`/courses/${course.slug}`);
  await page.getByRole("button", { name: "Have a coupon?" }).click();
  const code = page.getByLabel("Coupon code");
  await code.fill("winter");
  await page.getByText("The coupon “winter” is not a coupon of this course.").waitFor();
  await code.fill("spring25");
  await page.getByText("With SPRING25 you pay $36.75 instead of $49.00.").waitFor();
  await page.getByRole("button", { name: "Buy for $36.75" }).waitFor();
  await screenshotBothWidths(page, JOURNEY, "11-coupon-preview");
  await page.getByRole("button", { name: "Buy for $36.75" }).click();
  await pay(page, "$36.75");
  await page.getByRole("heading", { level: 1, name: "You bought “Bread at home”" }).waitFor();
  const receipt = page.getByRole("article", { name: "Receipt: Bread at home" });
  await receipt.getByText("Coupon SPRING25").waitFor();
  await receipt.getByText("−$12.25").waitFor();
  await screenshotBothWidths(page, JOURNEY, "12-coupon-purchase");
  expect((await paymentsOf(learner)).map((payment) => [payment.status, payment.amountCents, payment.listPriceCents])).toEqual([
    ["SUCCEEDED", 3675, 4900],
  ]);

  await teacher.page.reload();
  await teacher.page.getByRole("tab", { name: "Coupons" }).click();
  await coupons.getByRole("listitem").filter({ hasText: "SPRING25" }).getByText("25% off, used 1 of 10 times, no expiry.").waitFor();
  await Promise.all([context.close(), teacher.context.close()]);
});

test("an address not verified yet is asked for before buying, with a way to get a new link", async () => {
  const learner = await signUp(journey.server, { displayName: "Una Unverified" });
  const { context, page } = await openBuyer();
  await signInThroughForm(page, learner.email, learner.password);
  await page.goto(`/courses/${course.slug}`);
  await page.getByRole("button", { name: "Buy for $49.00" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "Verify your email address before buying" });
  await alert.getByText(`we sent a link to ${learner.email}`, { exact: false }).waitFor();
  await alert.getByRole("button", { name: "Send a new link" }).click();
  await toast(page, `We sent a new link to ${learner.email}. Open it within 24 hours to verify your address.`).waitFor();
  await screenshotBothWidths(page, JOURNEY, "13-unverified-buyer");
  expect(await paymentsOf(learner)).toEqual([]);
  await context.close();
});

test("a disputed payment shows for the owner, who downloads its evidence as a JSON file", async () => {
  const learner = await signUp(journey.server, { displayName: "Dora Disputer", verified: true });
  const paymentId = await buyOnLocalPage(journey.server, learner.accessToken, course.courseId);
  await waitUntil("the purchase's enrollment", async () => (await enrollmentOf(learner))?.status === "ACTIVE");
  // The bank's dispute, as the provider reports it.
  await applyPaymentFact(journey.server.app.platform, {
    provider: "local",
    eventId: `journey-dispute:${paymentId}`,
    paymentId: databaseId(paymentId),
    occurredAt: new Date(),
    kind: "disputeOpened",
    disputeId: "dp_journey",
  });

  const { context, page } = await journey.openVisitor();
  await signInThroughForm(page, owner.email, owner.password);
  await page.goto(`/teach/courses/${encodeURIComponent(course.courseId)}/edit`);
  await page.getByRole("tab", { name: "Payments" }).click();
  const row = page.getByRole("region", { name: "Payments" }).getByRole("listitem").filter({ hasText: "Dora Disputer" });
  await row.getByText("Disputed", { exact: true }).waitFor();
  await row.getByText("The learner's bank disputes this payment: their access is suspended until the dispute is decided.", { exact: false }).waitFor();
  await screenshotTabsBothWidths(page, "14-owner-dispute");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    row.getByRole("button", { name: "Download evidence of Dora Disputer's payment" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^dispute-evidence-Bread-at-home-\d{4}-\d{2}-\d{2}\.json$/);
  const evidence = JSON.parse(await readFile((await download.path())!, "utf8"));
  expect(evidence).toMatchObject({
    customerName: "Dora Disputer",
    customerEmail: learner.email,
    payment: { id: paymentId, amountCents: 4900, dispute: { status: "OPEN" }, course: { title: "Bread at home" } },
  });
  expect(evidence.enrolledAt).toEqual(expect.any(String));
  expect(JSON.stringify(evidence)).not.toContain("__typename");
  await context.close();
});
