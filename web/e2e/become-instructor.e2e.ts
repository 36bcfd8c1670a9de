// Journey: a newcomer signs up, verifies the address with the mailed link (the teaching application
// asks for it first), applies to teach, an admin approves, and the new instructor
// builds a first course in the editor, uploads its video, watches it turn READY, publishes it;
// then a visitor finds it in the catalog and plays the free preview.
import path from "node:path";
import { signUp, uniqueEmail } from "../../server/test/support/accounts.ts";
import { mailedToken } from "../../server/test/support/mailbox.ts";
import { mainNavigationLabels, screenshot, signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { makeSampleVideo, routeMediaToTestServer } from "./support/media.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";
import { toast } from "./support/toasts.ts";

const JOURNEY = "become-instructor";

// The anonymous visitor at the end browses as in production: through the public response cache.
const journey = useJourney({ withDataDir: true, env: { PUBLIC_CACHE_SECONDS: "30" } });
let sampleVideo: string;

/** The link mailed at sign-up, as a path of the client under test. */
const mailedVerificationPath = async (email: string) => `/verify-email?token=${await mailedToken(journey.server, email, "verify-email")}`;

beforeAll(async () => {
  sampleVideo = await makeSampleVideo(path.join(journey.dataDir, "hard-and-soft-light.mp4"));
});

test("sign up, apply to teach, get approved, build and publish a course with an uploaded video that a visitor previews", async () => {
  const newcomer = await journey.openVisitor();
  await routeMediaToTestServer(newcomer.context, journey.server);
  const page = newcomer.page;
  const email = uniqueEmail("newcomer");

  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Ada Newcomer");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a-long-enough-password");
  await screenshot(page, JOURNEY, "01-sign-up");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("link", { name: /Ada Newcomer/ }).waitFor();
  expect(await mainNavigationLabels(page)).toEqual(["Courses", "My learning", "Teach"]);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Teach" }).click();
  await page.getByText(`Verify your email address first: we sent a link to ${email} when you signed up.`, { exact: false }).waitFor();
  expect(await page.getByLabel("Headline").count()).toBe(0);
  await screenshotBothWidths(page, JOURNEY, "02-verify-first");
  await page.goto(await mailedVerificationPath(email));
  await page.getByRole("heading", { level: 1, name: "Email address verified" }).waitFor();
  await page.getByRole("link", { name: "Apply to teach" }).click();
  await page.getByLabel("Headline").fill("Photographer, twelve years behind the lens");
  await page.getByLabel("What would you teach, and why?").fill("Light, composition and editing for beginners.");
  await page.getByRole("button", { name: "Send application" }).click();
  await page.getByText("Under review").waitFor();
  await screenshot(page, JOURNEY, "02-application-sent");

  const admin = await signUp(journey.server, { role: "ADMIN", displayName: "Grace Admin" });
  const reviewer = await journey.openVisitor();
  await signInThroughForm(reviewer.page, admin.email, admin.password);
  await reviewer.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Applications" }).click();
  const application = reviewer.page.getByRole("article", { name: /Ada Newcomer/ });
  await application.getByText("Photographer, twelve years behind the lens").waitFor();
  await screenshot(reviewer.page, JOURNEY, "03-admin-reviews");
  await application.getByRole("button", { name: "Approve" }).click();
  // The decided application leaves the pending list at once, without a reload.
  await toast(reviewer.page, "The application of Ada Newcomer was approved.").waitFor();
  await application.waitFor({ state: "detached" });
  await reviewer.page.getByText("No application is waiting for review").waitFor();
  await screenshot(reviewer.page, JOURNEY, "04-admin-approved");
  await reviewer.page.getByLabel("Show").selectOption("APPROVED");
  await reviewer.page.getByRole("article", { name: /Ada Newcomer/ }).getByText(/Approved by Grace Admin/).waitFor();
  await reviewer.context.close();

  const stored = await journey.server.db.user.findUniqueOrThrow({ where: { email } });
  expect(stored.role).toBe("INSTRUCTOR");

  // The session renews from the refresh token on reload and picks up the new role.
  await page.reload();
  await page.getByText("Approved").first().waitFor();
  expect(await mainNavigationLabels(page)).toEqual(["Courses", "My learning", "Teaching", "Partner API"]);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Teaching" }).click();
  await page.getByRole("heading", { level: 1, name: "Your courses" }).waitFor();
  await page.getByRole("link", { name: "New course" }).click();
  await page.getByLabel("Title", { exact: true }).fill("Photography from scratch");
  await page.getByLabel("Description").fill("Learn to see light, frame a subject and edit your photos.");
  await page.getByLabel("Tags").fill("photography, beginners");
  await screenshot(page, JOURNEY, "05-new-course");
  await page.getByRole("button", { name: "Create course" }).click();
  await page.getByRole("heading", { level: 1, name: "Photography from scratch" }).waitFor();
  await toast(page, "“Photography from scratch” is created. Add its sections and videos next.").waitFor();
  expect(page.url()).toMatch(/\/teach\/courses\/[^/]+\/edit$/);

  await page.getByLabel("New section title").fill("Seeing light");
  await page.getByRole("button", { name: "Add section" }).click();
  const section = page.getByRole("region", { name: "Seeing light" });
  await section.getByLabel("New video title").fill("Hard and soft light");
  await section.getByRole("button", { name: "Add video" }).click();
  await section.getByLabel("Title of video Hard and soft light").waitFor();
  await screenshot(page, JOURNEY, "06-course-editor");

  // The status arrives over the videoStatusChanged subscription: nothing reloads the page.
  await section.getByLabel("Upload a file for video Hard and soft light").setInputFiles(sampleVideo);
  const video = section.getByRole("listitem").filter({ has: page.getByLabel("Title of video Hard and soft light") });
  await video.getByText("Ready", { exact: true }).waitFor({ timeout: 60_000 });
  await video.getByText("0:03").waitFor();
  await expect(video.locator("img.editor-row-thumb").evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).resolves.toBeGreaterThan(0);
  await video.getByLabel("Free preview").check();
  await screenshot(page, JOURNEY, "07-video-ready");

  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByRole("button", { name: "Unpublish" }).waitFor();
  await toast(page, "“Photography from scratch” is published: it is in the catalog.").waitFor();
  await screenshot(page, JOURNEY, "08-published");

  const course = await journey.server.db.course.findFirstOrThrow({
    where: { title: "Photography from scratch", ownerId: stored.id },
    include: { sections: { include: { videos: true } } },
  });
  expect(course.status).toBe("PUBLISHED");
  expect(course.sections.map((s) => ({ title: s.title, videos: s.videos.map((v) => [v.title, v.status, v.isPreview]) }))).toEqual([
    { title: "Seeing light", videos: [["Hard and soft light", "READY", true]] },
  ]);
  await newcomer.context.close();

  const visitor = await journey.openVisitor();
  await routeMediaToTestServer(visitor.context, journey.server);
  await visitor.page.goto("/courses");
  await visitor.page.getByLabel("Search courses").fill("photography");
  await visitor.page.getByRole("link", { name: "Photography from scratch" }).click();
  await visitor.page.getByRole("heading", { level: 1, name: "Photography from scratch" }).waitFor();
  const player = visitor.page.getByLabel("Preview: Hard and soft light");
  await player.waitFor();
  await player.evaluate((element: HTMLVideoElement) => {
    element.muted = true;
    return element.play();
  });
  await visitor.page.waitForFunction(() => {
    const element = document.querySelector("video");
    return element !== null && element.readyState >= 2 && element.currentTime > 0.3;
  });
  await screenshot(visitor.page, JOURNEY, "09-visitor-plays-preview");
  await visitor.context.close();
});

test("an admin confirms before rejecting an application and before demoting an instructor, and hears the outcome", async () => {
  const applicant = await signUp(journey.server, { displayName: "Rita Rejected", verified: true });
  await journey.server.graphql(
    `mutation ($input: InstructorApplicationInput!) { applyToTeach(input: $input) { id } }`,
    { input: { headline: "Juggler", motivation: "Three balls, then four." } },
    { token: applicant.accessToken },
  );
  const instructor = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Dan Demoted" });
  const admin = await signUp(journey.server, { role: "ADMIN", displayName: "Grace Reviewer" });
  const reviewer = await journey.openVisitor();
  const page = reviewer.page;
  await signInThroughForm(page, admin.email, admin.password);

  await page.goto("/admin/applications");
  const application = page.getByRole("article", { name: /Rita Rejected/ });
  await application.getByLabel("Note to the applicant (optional)").fill("Come back with a course outline.");
  await application.getByRole("button", { name: "Reject" }).click();
  const rejection = page.getByRole("alertdialog", { name: "Reject the application of Rita Rejected?" });
  await rejection.getByText("Come back with a course outline.").waitFor();
  await screenshotBothWidths(page, JOURNEY, "10-confirm-rejection");
  // Cancel leaves the application pending.
  await rejection.getByRole("button", { name: "Cancel" }).click();
  await rejection.waitFor({ state: "detached" });
  expect((await journey.server.db.instructorApplication.findFirstOrThrow({ where: { applicant: { email: applicant.email } } })).status).toBe("PENDING");
  await application.getByRole("button", { name: "Reject" }).click();
  await rejection.getByRole("button", { name: "Reject" }).click();
  await toast(page, "The application of Rita Rejected was rejected.").waitFor();
  await application.waitFor({ state: "detached" });
  await screenshotBothWidths(page, JOURNEY, "11-rejected");

  await page.goto(`/admin/users?q=${encodeURIComponent(instructor.email)}`);
  const roleForm = page.getByRole("form", { name: "Role of Dan Demoted" });
  await roleForm.getByRole("combobox").selectOption("STUDENT");
  await roleForm.getByRole("button", { name: "Save" }).click();
  const demotion = page.getByRole("alertdialog", { name: "Make Dan Demoted a student?" });
  await demotion.getByText(/Their published courses stay in the catalog/).waitFor();
  await screenshotBothWidths(page, JOURNEY, "12-confirm-demotion");
  await demotion.getByRole("button", { name: "Change role" }).click();
  await toast(page, "Dan Demoted is now a student.").waitFor();
  expect((await journey.server.db.user.findUniqueOrThrow({ where: { email: instructor.email } })).role).toBe("STUDENT");
  expect(await roleForm.getByRole("combobox").inputValue()).toBe("STUDENT");
  await reviewer.context.close();
});
