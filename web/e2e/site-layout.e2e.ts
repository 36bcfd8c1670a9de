// Journey: the demo admin's day-one pages at a desktop's and a 390 px phone's width: the header
// with the admin's picture, the profile, and the users list whose role control stays in view.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseId } from "../../server/src/platform/ids.ts";
import { signUp } from "../../server/test/support/accounts.ts";
import { menuItemNames, screenshot, signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { makeSamplePicture } from "./support/media.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";

const JOURNEY = "site-layout";
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
/** Pictures live elsewhere on the web; the journey answers for that host. */
const PICTURES = "https://pictures.example.com";
const journey = useJourney();
let picture: string;

beforeAll(async () => {
  picture = await makeSamplePicture(path.join(mkdtempSync(path.join(os.tmpdir(), "site-layout-")), "avatar.png"));
});

test("an admin's picture shows in the header and on the profile; on a phone, users are cards with the role control in view", async () => {
  const admin = await signUp(journey.server, { role: "ADMIN", displayName: "Ada Admin", email: "ada.administrator-of-courses@example.com" });
  await journey.server.db.profile.update({ where: { userId: parseId(admin.id, "User", "userId") }, data: { avatarUrl: `${PICTURES}/ada.png` } });
  for (const [displayName, role] of [["Bea Student", "STUDENT"], ["Cai Student", "STUDENT"], ["Dee Instructor", "INSTRUCTOR"]] as const) {
    await signUp(journey.server, { displayName, role });
  }
  const { context, page } = await journey.openVisitor();
  await context.route(`${PICTURES}/**`, (route) => route.fulfill({ path: picture, contentType: "image/png" }));
  await signInThroughForm(page, admin.email, admin.password);
  const headerPicture = page.locator(".account-name .avatar img");
  await headerPicture.waitFor();
  await page.waitForFunction(() => document.querySelector<HTMLImageElement>(".account-name .avatar img")?.complete);
  expect(await headerPicture.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(128);
  await screenshotBothWidths(page, JOURNEY, "01-header");

  await page.getByRole("link", { name: "Your profile: Ada Admin" }).click();
  await page.getByRole("heading", { level: 1, name: "Your profile" }).waitFor();
  await page.locator(".profile-heading .avatar img").waitFor();
  await page.getByText(admin.email).waitFor();
  await page.setViewportSize(PHONE);
  // The address wraps at its @, not inside a word: two lines, "ada.administrator-of-courses" and "@example.com".
  const emailLines = await page.locator(".facts .email-address").evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top))).size;
  });
  expect(emailLines).toBeLessThanOrEqual(2);
  await page.setViewportSize(DESKTOP);
  await screenshotBothWidths(page, JOURNEY, "02-profile");

  await page.getByRole("link", { name: "Users" }).click();
  await page.getByRole("heading", { level: 1, name: "Users" }).waitFor();
  await page.getByRole("combobox", { name: "Role of Dee Instructor" }).waitFor();
  await screenshot(page, JOURNEY, "03-users");
  await page.setViewportSize(PHONE);
  for (const name of ["Bea Student", "Cai Student", "Dee Instructor"]) {
    const control = (await page.getByRole("combobox", { name: `Role of ${name}` }).boundingBox())!;
    expect(control.x).toBeGreaterThanOrEqual(0);
    expect(control.x + control.width).toBeLessThanOrEqual(PHONE.width);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await screenshot(page, JOURNEY, "03-users-phone");

  await page.getByRole("button", { name: "Menu" }).click();
  const menu = page.getByRole("menu", { name: "Menu" });
  expect(await menuItemNames(menu)).toEqual(["Courses", "My learning", "Teaching", "Partner API", "Applications", "Users (this page)", "Your profile: Ada Admin", "Purchases", "Sign out"]);
  await screenshot(page, JOURNEY, "04-menu-open-phone");
  await menu.getByRole("menuitem", { name: /Applications/ }).click();
  await page.getByRole("heading", { level: 1, name: /applications/i }).waitFor();
  await context.close();
});
