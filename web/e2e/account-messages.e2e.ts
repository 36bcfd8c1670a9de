// Journey: the account forms speak in full sentences. A taken email on sign-up is explained at
// the field; a used reset link is the form's own message, with no claim of fields marked below;
// a saved profile says so.
import type { Locator } from "playwright-core";
import { signUp } from "../../server/test/support/accounts.ts";
import { signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";
import { toast } from "./support/toasts.ts";

const JOURNEY = "account-messages";
/** What the client makes of any field message: one or more sentences, the first naming the field. */
const SENTENCES = /^[A-Z][^]*[.!?]$/;
const journey = useJourney();

/** The error a field announces: the last of the descriptions its aria-describedby points to. */
function errorOf(field: Locator): Promise<string> {
  return field.evaluate((control) => {
    const ids = (control.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean);
    return document.getElementById(ids.at(-1) ?? "")?.textContent ?? "";
  });
}

test("signing up with a registered email explains it in a sentence at the email field", async () => {
  const existing = await signUp(journey.server, { displayName: "Erin Existing" });
  const { context, page } = await journey.openVisitor();
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Erin Again");
  await page.getByLabel("Email").fill(existing.email);
  await page.getByLabel("Password").fill("a-long-enough-password");
  await page.getByRole("button", { name: "Create account" }).click();

  const email = page.getByLabel("Email");
  await page.locator('input[name="email"][aria-invalid="true"]').waitFor();
  const message = await errorOf(email);
  expect(message).toMatch(SENTENCES);
  expect(message).not.toMatch(/^Is /);
  await page.getByRole("alert").getByText("Please correct the field marked below.").waitFor();
  await screenshotBothWidths(page, JOURNEY, "01-email-taken");
  await context.close();
});

test("a reset link that is not valid is the form's message, and the form marks no field", async () => {
  const { context, page } = await journey.openVisitor();
  await page.goto("/reset-password?token=not-a-real-token");
  await page.getByLabel("New password", { exact: true }).fill("another-long-password");
  await page.getByLabel("Repeat the new password").fill("another-long-password");
  await page.getByRole("button", { name: "Set new password" }).click();

  const alert = page.getByRole("form", { name: "Choose a new password" }).getByRole("alert");
  await alert.waitFor();
  const message = await alert.innerText();
  expect(message).toMatch(/^This reset link /);
  expect(message).toMatch(SENTENCES);
  expect(message).not.toContain("marked below");
  expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
  await page.getByRole("link", { name: "Request a new reset link" }).waitFor();
  await screenshotBothWidths(page, JOURNEY, "02-reset-link-invalid");
  await context.close();
});

test("saving the profile says so in a toast", async () => {
  const member = await signUp(journey.server, { displayName: "Pat Profile" });
  const { context, page } = await journey.openVisitor();
  await signInThroughForm(page, member.email, member.password);
  await page.goto("/account/profile");
  await page.getByLabel("About you").fill("I collect maps.");
  await page.getByRole("button", { name: "Save profile" }).click();
  await toast(page, "Your profile is saved.").waitFor();
  await screenshotBothWidths(page, JOURNEY, "03-profile-saved");
  await context.close();
});
