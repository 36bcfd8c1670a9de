// Journey: the demo data at first start. A visitor sees course covers in the catalog and plays
// the demo course's preview from its outline; the demo instructor uploads a cover image; a person
// switches roles with the sign-in page's demo accounts and sees the menus change.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { DEMO_ACCOUNTS, seedDemoData } from "../../prisma/seed.ts";
import { toGlobalId } from "../../server/src/platform/ids.ts";
import { mainNavigationLabels, signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { routeMediaToTestServer } from "./support/media.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";

const JOURNEY = "demo-course";
const run = promisify(execFile);
// With the demo data on, as a development machine's first start has it.
const journey = useJourney({ withDataDir: true, env: { SEED_DEMO_DATA: "true" } });

beforeAll(async () => {
  await seedDemoData(journey.server.app.platform);
});

/** Resolves once the image has loaded (a broken one has no natural width). */
function imageLoaded(page: Page, selector: string): Promise<unknown> {
  return page.waitForFunction((css) => {
    const image = document.querySelector<HTMLImageElement>(css);
    return image !== null && image.complete && image.naturalWidth > 0;
  }, selector);
}

test("a visitor sees the demo course's cover and plays its preview from the outline", async () => {
  const { context, page } = await journey.openVisitor();
  await routeMediaToTestServer(context, journey.server);

  await page.goto("/courses");
  await page.getByRole("link", { name: "Practical TypeScript" }).waitFor();
  // No cover uploaded: the card shows the first ready video's thumbnail.
  await imageLoaded(page, "img.course-card-thumb");
  await screenshotBothWidths(page, JOURNEY, "01-catalog-covers");

  await page.getByRole("link", { name: "Practical TypeScript" }).click();
  await page.getByRole("heading", { level: 1, name: "Practical TypeScript" }).waitFor();
  await imageLoaded(page, "img.course-hero-image");
  await page.getByRole("button", { name: "Play Why TypeScript" }).click();
  // Playing for real: the play() promise resolved, so the video has data and is not paused.
  await page.waitForFunction(() => {
    const video = document.querySelector<HTMLVideoElement>("video[aria-label='Preview: Why TypeScript']");
    return video !== null && !video.paused && video.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA;
  });
  expect(await page.getByRole("alert").count()).toBe(0);
  // Held still a second in, so the screenshots show the video under way.
  await page.waitForFunction(() => (document.querySelector("video")?.currentTime ?? 0) >= 1);
  await page.evaluate(() => document.querySelector("video")?.pause());
  await screenshotBothWidths(page, JOURNEY, "02-course-playing");
  await context.close();
});

test("the demo instructor uploads a cover image, which the catalog then shows", async () => {
  const cover = path.join(journey.dataDir, "cover.png");
  await run("/usr/bin/ffmpeg", ["-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", "mandelbrot=size=640x360", "-frames:v", "1", cover]);
  const instructor = DEMO_ACCOUNTS.find((account) => account.role === "INSTRUCTOR")!;
  const { context, page } = await journey.openVisitor();
  await routeMediaToTestServer(context, journey.server);
  await signInThroughForm(page, instructor.email, instructor.password);
  const course = await journey.server.db.course.findUniqueOrThrow({ where: { slug: "practical-typescript" } });
  await page.goto(`/teach/courses/${encodeURIComponent(toGlobalId("Course", course.id))}/edit`);
  const panel = page.getByRole("region", { name: "Cover image" });
  await panel.getByText("No cover yet: the catalog shows the thumbnail of the first ready video.").waitFor();

  // A file that is not an image is refused before anything is sent.
  await panel.getByLabel("Upload a cover image").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("notes") });
  await panel.getByRole("alert").getByText("notes.txt is not a PNG, JPEG or WebP image. Choose one of those.").waitFor();

  await panel.getByLabel("Upload a cover image").setInputFiles(cover);
  await panel.getByText("The catalog and the course page show this cover.").waitFor();
  await imageLoaded(page, "img.cover-preview");
  await page.getByText("The cover image is saved.").waitFor();
  expect((await journey.server.db.course.findUniqueOrThrow({ where: { id: course.id } })).coverKey).toMatch(/^courses\/.+\.png$/);
  await screenshotBothWidths(page, JOURNEY, "03-editor-cover");

  await page.goto("/courses");
  await page.waitForFunction(() => document.querySelector<HTMLImageElement>("img.course-card-thumb")?.src.includes("/covers/"));
  await imageLoaded(page, "img.course-card-thumb");
  await screenshotBothWidths(page, JOURNEY, "04-catalog-uploaded-cover");
  await context.close();
});

test("a person signs in as each demo account with one click, and the menus follow the role", async () => {
  const { page } = await journey.openVisitor();
  const menusAs = async (button: string) => {
    await page.goto("/sign-in");
    const demo = page.getByRole("region", { name: "Try the demo" });
    await demo.getByRole("button", { name: button }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    const labels = await mainNavigationLabels(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("link", { name: "Sign in" }).first().waitFor();
    return labels;
  };
  await page.goto("/sign-in");
  await page.getByRole("region", { name: "Try the demo" }).getByText("student@example.com / learn-demo-2026").waitFor();
  await screenshotBothWidths(page, JOURNEY, "04-sign-in-demo-accounts");

  expect(await menusAs("Sign in as Sam Student (student)")).toEqual(["Courses", "My learning", "Teach"]);
  expect(await menusAs("Sign in as Ian Instructor (instructor)")).toEqual(["Courses", "My learning", "Teaching", "Partner API"]);
  expect(await menusAs("Sign in as Ada Admin (admin)")).toEqual(["Courses", "My learning", "Teaching", "Partner API", "Applications", "Users"]);
});
