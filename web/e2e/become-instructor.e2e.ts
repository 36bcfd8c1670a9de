// Journey: a newcomer signs up, applies to teach, an admin approves, and the new instructor
// builds the outline of a first course in the editor.
import type { Browser } from "playwright-core";
import { signUp, uniqueEmail } from "../../server/test/support/accounts.ts";
import { startTestServer, type TestServer } from "../../server/test/support/test-server.ts";
import { launchChromium, mainNavigationLabels, openVisitor, screenshot, signInThroughForm } from "./support/browser.ts";

const JOURNEY = "become-instructor";
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

test("sign up, apply to teach, get approved by an admin, create a course with a section and a video", async () => {
  const newcomer = await openVisitor(browser, server.url);
  const page = newcomer.page;
  const email = uniqueEmail("newcomer");

  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Ada Newcomer");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a-long-enough-password");
  await screenshot(page, JOURNEY, "01-sign-up");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("link", { name: /Ada Newcomer/ }).waitFor();
  expect(await mainNavigationLabels(page)).toEqual(["Courses", "Teach"]);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Teach" }).click();
  await page.getByLabel("Headline").fill("Photographer, twelve years behind the lens");
  await page.getByLabel("What would you teach, and why?").fill("Light, composition and editing for beginners.");
  await page.getByRole("button", { name: "Send application" }).click();
  await page.getByText("Under review").waitFor();
  await screenshot(page, JOURNEY, "02-application-sent");

  const admin = await signUp(server, { role: "ADMIN", displayName: "Grace Admin" });
  const reviewer = await openVisitor(browser, server.url);
  await signInThroughForm(reviewer.page, admin.email, admin.password);
  await reviewer.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Applications" }).click();
  const application = reviewer.page.getByRole("article", { name: /Ada Newcomer/ });
  await application.getByText("Photographer, twelve years behind the lens").waitFor();
  await screenshot(reviewer.page, JOURNEY, "03-admin-reviews");
  await application.getByRole("button", { name: "Approve" }).click();
  await application.getByText(/Approved by Grace Admin/).waitFor();
  await screenshot(reviewer.page, JOURNEY, "04-admin-approved");
  await reviewer.context.close();

  const stored = await server.db.user.findUniqueOrThrow({ where: { email } });
  expect(stored.role).toBe("INSTRUCTOR");

  // The session renews from the refresh token on reload and picks up the new role.
  await page.reload();
  await page.getByText("Approved").first().waitFor();
  expect(await mainNavigationLabels(page)).toEqual(["Courses", "Teaching"]);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Teaching" }).click();
  await page.getByRole("heading", { level: 1, name: "Your courses" }).waitFor();
  await page.getByRole("link", { name: "New course" }).click();
  await page.getByLabel("Title", { exact: true }).fill("Photography from scratch");
  await page.getByLabel("Description").fill("Learn to see light, frame a subject and edit your photos.");
  await page.getByLabel("Tags").fill("photography, beginners");
  await screenshot(page, JOURNEY, "05-new-course");
  await page.getByRole("button", { name: "Create course" }).click();
  await page.getByRole("heading", { level: 1, name: "Photography from scratch" }).waitFor();
  expect(page.url()).toMatch(/\/teach\/courses\/[^/]+\/edit$/);

  await page.getByLabel("New section title").fill("Seeing light");
  await page.getByRole("button", { name: "Add section" }).click();
  const section = page.getByRole("region", { name: "Seeing light" });
  await section.getByLabel("New video title").fill("Hard and soft light");
  await section.getByRole("button", { name: "Add video" }).click();
  await section.getByLabel("Title of video Hard and soft light").waitFor();
  await screenshot(page, JOURNEY, "06-course-editor");

  const course = await server.db.course.findFirstOrThrow({
    where: { title: "Photography from scratch", ownerId: stored.id },
    include: { sections: { include: { videos: true } } },
  });
  expect(course.status).toBe("DRAFT");
  expect(course.sections.map((s) => ({ title: s.title, videos: s.videos.map((v) => v.title) }))).toEqual([
    { title: "Seeing light", videos: ["Hard and soft light"] },
  ]);
  await newcomer.context.close();
});
