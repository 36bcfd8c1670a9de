// Journey: a student who opens instructor and admin addresses is turned away, and the menus
// never offer those areas.
import type { Browser } from "playwright-core";
import { signUp } from "../../server/test/support/accounts.ts";
import { startTestServer, type TestServer } from "../../server/test/support/test-server.ts";
import { launchChromium, mainNavigationLabels, openVisitor, screenshot, signInThroughForm } from "./support/browser.ts";

const JOURNEY = "role-guards";
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test("a student gets the not-allowed page on instructor and admin pages, and menus hide them", async () => {
  const student = await signUp(server, { displayName: "Sam Student" });
  const { context, page } = await openVisitor(browser, server.url);
  await signInThroughForm(page, student.email, student.password);

  expect(await mainNavigationLabels(page)).toEqual(["Courses", "Teach"]);
  await screenshot(page, JOURNEY, "01-student-menus");

  for (const [address, name] of [
    ["/teach/courses", "02-teaching-not-allowed"],
    ["/teach/courses/new", "03-new-course-not-allowed"],
    ["/admin/applications", "04-applications-not-allowed"],
    ["/admin/users", "05-users-not-allowed"],
  ] as const) {
    await page.goto(address);
    await page.getByRole("heading", { level: 1, name: "Not allowed" }).waitFor();
    await page.getByText("Your account (student) does not have access to this page.").waitFor();
    await page.getByRole("link", { name: "Apply to teach" }).waitFor();
    expect(await mainNavigationLabels(page)).toEqual(["Courses", "Teach"]);
    await screenshot(page, JOURNEY, name);
  }
  await context.close();
});

test("signed out, the menus show only the catalog and a guarded page asks to sign in", async () => {
  const { context, page } = await openVisitor(browser, server.url);
  await page.goto("/teach/courses");
  await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
  expect(await mainNavigationLabels(page)).toEqual(["Courses"]);
  await screenshot(page, JOURNEY, "06-signed-out-redirect");
  await context.close();
});
