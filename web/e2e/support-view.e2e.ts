// Journey: an admin sees the site as a learner, read-only, to help with a problem: the pages are
// the learner's, nothing can be changed, a reload stays in the view, and ending it returns to the
// admin's own pages. The learner reads who looked, when and why on their profile page. A view
// that ends by itself (expired) says so and returns the tab to the admin.
import { signUp } from "../../server/test/support/accounts.ts";
import { mainNavigationLabels, screenshot, signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";
import { toast } from "./support/toasts.ts";

const JOURNEY = "support-view";
const journey = useJourney();
const REASON = "Sam wrote that the profile page will not save their bio.";

test("an admin sees the site as a learner, read-only, and the learner reads it in their support log", async () => {
  const admin = await signUp(journey.server, { role: "ADMIN", displayName: "Ada Admin" });
  const learner = await signUp(journey.server, { displayName: "Sam Learner" });
  const { context, page } = await journey.openVisitor();
  await signInThroughForm(page, admin.email, admin.password);
  const adminNavigation = await mainNavigationLabels(page);

  await page.goto(`/admin/users?q=${encodeURIComponent(learner.email)}`);
  await page.getByRole("button", { name: "See as this user: Sam Learner" }).click();
  const dialog = page.getByRole("dialog", { name: "See the site as Sam Learner" });
  await dialog.getByRole("button", { name: "Start support view" }).click();
  await dialog.getByText("Say why you need to see their account: they will read it.").waitFor();
  await dialog.getByLabel("Why do you need to see it?").fill(REASON);
  await screenshot(page, JOURNEY, "01-reason");
  await dialog.getByRole("button", { name: "Start support view" }).click();

  const banner = page.getByRole("region", { name: "Support view" });
  await banner.getByText("You are seeing the site as Sam Learner").waitFor();
  await toast(page, "You now see the site as Sam Learner, read-only. Nothing you do here changes their account.").waitFor();
  expect(await mainNavigationLabels(page)).toEqual(["Courses", "My learning", "Teach"]);
  await screenshotBothWidths(page, JOURNEY, "02-seeing-as-learner");

  // The learner's own page, as they see it; saving is refused in a sentence, and nothing changes.
  await page.goto("/account/profile");
  await page.getByText(learner.email).first().waitFor();
  await page.getByLabel("About you").fill("Written during the support view");
  await page.getByRole("button", { name: "Save profile" }).click();
  await page.getByRole("alert").getByText(/read-only support view of someone else's account: nothing can be changed in it/).waitFor();
  await screenshot(page, JOURNEY, "03-change-refused");
  const profile = await journey.server.db.profile.findFirstOrThrow({ where: { user: { email: learner.email } } });
  expect(profile.bio).toBeNull();

  // A reload keeps the tab in the view.
  await page.reload();
  await banner.getByText("You are seeing the site as Sam Learner").waitFor();
  await page.getByText(learner.email).first().waitFor();

  await banner.getByRole("button", { name: "End support view" }).click();
  await toast(page, "You stopped seeing the site as Sam Learner. They can read in their account that you looked.").waitFor();
  await page.getByRole("heading", { level: 1, name: "Users" }).waitFor();
  expect(await banner.count()).toBe(0);
  expect(await mainNavigationLabels(page)).toEqual(adminNavigation);
  await context.close();

  const learnerVisit = await journey.openVisitor();
  await signInThroughForm(learnerVisit.page, learner.email, learner.password);
  await learnerVisit.page.goto("/account/profile");
  const log = learnerVisit.page.getByRole("region", { name: "Support access to your account" });
  await log.getByText(`Reason given: ${REASON}`).waitFor();
  await log.getByText(/^Ada Admin saw your account on .+, until .+\.$/).waitFor();
  await screenshotBothWidths(learnerVisit.page, JOURNEY, "04-learner-support-log");
  await learnerVisit.context.close();
});

test("a support view that expires says so and returns the tab to the admin", async () => {
  const admin = await signUp(journey.server, { role: "ADMIN", displayName: "Ada Admin" });
  const learner = await signUp(journey.server, { displayName: "Lee Learner" });
  const { context, page } = await journey.openVisitor();
  await signInThroughForm(page, admin.email, admin.password);
  const adminNavigation = await mainNavigationLabels(page);
  await page.goto(`/admin/users?q=${encodeURIComponent(learner.email)}`);
  await page.getByRole("button", { name: "See as this user: Lee Learner" }).click();
  await page.getByLabel("Why do you need to see it?").fill("Checking what Lee sees on the catalog.");
  await page.getByRole("button", { name: "Start support view" }).click();
  await page.getByRole("region", { name: "Support view" }).waitFor();

  await journey.server.db.supportView.updateMany({ where: { user: { email: learner.email } }, data: { expiresAt: new Date(Date.now() - 1000) } });
  await page.getByRole("link", { name: "My learning" }).first().click();
  await toast(page, "The support view has ended: you see the site as yourself again.").waitFor();
  // The tab is the admin's again (it goes to the Users page, unless a click of the person's comes after).
  await page.getByRole("region", { name: "Support view" }).waitFor({ state: "detached" });
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).waitFor();
  expect(await mainNavigationLabels(page)).toEqual(adminNavigation);
  await screenshot(page, JOURNEY, "05-view-expired");
  await context.close();
});
