// Journey: a student who opens instructor and admin addresses is turned away, and the menus
// never offer those areas.
import { signUp } from "../../server/test/support/accounts.ts";
import { mainNavigationLabels, screenshot, signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";

const JOURNEY = "role-guards";
const journey = useJourney();

test("a student gets the not-allowed page on instructor and admin pages, and menus hide them", async () => {
  const student = await signUp(journey.server, { displayName: "Sam Student" });
  const { context, page } = await journey.openVisitor();
  await signInThroughForm(page, student.email, student.password);

  expect(await mainNavigationLabels(page)).toEqual(["Courses", "My learning", "Teach"]);
  await screenshot(page, JOURNEY, "01-student-menus");

  // The page says whom it is for; only teaching pages suggest applying to teach.
  for (const [address, audience, offersToTeach, name] of [
    ["/teach/courses", "instructors and admins", true, "02-teaching-not-allowed"],
    ["/teach/courses/new", "instructors and admins", true, "03-new-course-not-allowed"],
    ["/admin/applications", "admins", false, "04-applications-not-allowed"],
    ["/admin/users", "admins", false, "05-users-not-allowed"],
  ] as const) {
    await page.goto(address);
    await page.getByRole("heading", { level: 1, name: "Not allowed" }).waitFor();
    await page.getByText(`This page is for ${audience}. You are signed in as a student.`).waitFor();
    expect(await page.getByRole("link", { name: "Apply to teach" }).count()).toBe(offersToTeach ? 1 : 0);
    expect(await page.title()).toBe("Not allowed · Courses");
    expect(await mainNavigationLabels(page)).toEqual(["Courses", "My learning", "Teach"]);
    await screenshotBothWidths(page, JOURNEY, name);
  }
  await context.close();
});

test("after the session ends, a guarded page asks to sign in again and says why", async () => {
  const student = await signUp(journey.server, { displayName: "Sid Sleeper" });
  const { context, page } = await journey.openVisitor();
  await signInThroughForm(page, student.email, student.password);
  // The page after sign-in settles first: a request of its own still running when the session
  // ends would meet the refusal there, in the page this test then leaves, and not in the next load.
  await page.waitForLoadState("networkidle");
  // Signed out elsewhere (or away too long): the refresh token the browser keeps is refused.
  await journey.server.db.session.updateMany({ where: { user: { email: student.email } }, data: { revokedAt: new Date() } });
  await page.goto("/account/profile");
  await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
  await page.getByRole("status").getByText("Your session ended. Sign in again to continue.").waitFor();
  await screenshotBothWidths(page, JOURNEY, "07-session-ended");
  await page.getByLabel("Email").fill(student.email);
  await page.getByLabel("Password").fill(student.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Your profile" }).waitFor();
  await context.close();
});

test("signed out, the menus show only the catalog and a guarded page asks to sign in", async () => {
  const { context, page } = await journey.openVisitor();
  await page.goto("/teach/courses");
  await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
  // Never signed in here: no session ended.
  expect(await page.getByText("Your session ended.").count()).toBe(0);
  expect(await mainNavigationLabels(page)).toEqual(["Courses"]);
  await screenshot(page, JOURNEY, "06-signed-out-redirect");
  await context.close();
});
