// Journey: a newcomer signs up, the profile says the address is not verified, the link mailed at
// sign-up (read from the mail outbox) verifies it once; a link that no longer works offers a new one.
import type { Page } from "playwright-core";
import { signUp, uniqueEmail } from "../../server/test/support/accounts.ts";
import { mailedToken } from "../../server/test/support/mailbox.ts";
import { signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";
import { toast } from "./support/toasts.ts";

const JOURNEY = "email-verification";
const journey = useJourney();

/** The newest link mailed to `email` (server/test's email-verification checks its full address), as a path of the client under test. */
const mailedVerificationPath = async (email: string) => `/verify-email?token=${await mailedToken(journey.server, email, "verify-email")}`;

const emailFact = (page: Page) => page.getByRole("definition").filter({ hasText: "@" });

test("a newcomer verifies the address with the mailed link, once, and the profile says so", async () => {
  const { context, page } = await journey.openVisitor();
  const email = uniqueEmail("verify");
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Vera Verify");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a-long-enough-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();

  await page.goto("/account/profile");
  await emailFact(page).getByText("Not verified").waitFor();
  await screenshotBothWidths(page, JOURNEY, "01-profile-not-verified");
  await emailFact(page).getByRole("button", { name: "Send a verification link" }).click();
  await toast(page, `We sent a new link to ${email}. Open it within 24 hours to verify your address.`).waitFor();
  expect(await journey.server.db.mailOutbox.count({ where: { to: email, subject: "Verify your email address" } })).toBe(2);
  await screenshotBothWidths(page, JOURNEY, "02-profile-link-sent");

  const link = await mailedVerificationPath(email);
  await page.goto(link);
  await page.getByRole("heading", { level: 1, name: "Email address verified" }).waitFor();
  await page.getByText("Your email address is verified. Thank you!").waitFor();
  expect((await journey.server.db.user.findUniqueOrThrow({ where: { email } })).emailVerified).toBe(true);
  await screenshotBothWidths(page, JOURNEY, "03-verified");

  await page.getByRole("link", { name: "Go to your profile" }).click();
  await emailFact(page).getByText("Verified", { exact: true }).waitFor();
  expect(await emailFact(page).getByRole("button").count()).toBe(0);
  await screenshotBothWidths(page, JOURNEY, "04-profile-verified");

  // The link worked once: opened again, it says so, and that there is nothing left to do.
  await page.goto(link);
  await page.getByRole("heading", { level: 1, name: "This link does not work" }).waitFor();
  await page.getByText("Your email address is already verified: there is nothing more to do.").waitFor();
  await context.close();
});

test("an expired link offers a signed-in person a new one, which works", async () => {
  const account = await signUp(journey.server, { displayName: "Ed Expired" });
  const expiredLink = await mailedVerificationPath(account.email);
  await journey.server.db.emailVerificationToken.updateMany({ where: { user: { email: account.email } }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const { context, page } = await journey.openVisitor();

  // Signed out, the page says how to get a new link.
  await page.goto(expiredLink);
  await page.getByRole("alert").getByText(/^This verification link is not valid: it was already used, it has expired/).waitFor();
  await page.getByRole("main").getByRole("link", { name: "Sign in" }).waitFor();
  await screenshotBothWidths(page, JOURNEY, "05-expired-signed-out");

  await signInThroughForm(page, account.email, account.password);
  await page.goto(expiredLink);
  await page.getByRole("heading", { level: 1, name: "This link does not work" }).waitFor();
  await page.getByRole("button", { name: "Send a new link" }).click();
  await toast(page, `We sent a new link to ${account.email}. Open it within 24 hours to verify your address.`).waitFor();
  await screenshotBothWidths(page, JOURNEY, "06-expired-new-link-sent");
  expect((await journey.server.db.user.findUniqueOrThrow({ where: { email: account.email } })).emailVerified).toBe(false);

  await page.goto(await mailedVerificationPath(account.email));
  await page.getByRole("heading", { level: 1, name: "Email address verified" }).waitFor();
  expect((await journey.server.db.user.findUniqueOrThrow({ where: { email: account.email } })).emailVerified).toBe(true);
  await context.close();
});
