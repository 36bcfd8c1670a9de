// Journey: the demo course's analytics, as `npm start` shows them. Three weeks of seeded events:
// the demo instructor sees the period's figures and days, the last video's falling retention and
// its confusion hotspot on the timeline, which plays that moment in the page's player.
import { DEMO_ACCOUNTS, seedDemoData } from "../../prisma/seed.ts";
import { waitUntil } from "../../server/test/support/wait.ts";
import { signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { routeMediaToTestServer } from "./support/media.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";

const JOURNEY = "analytics-demo";
const journey = useJourney({ withDataDir: true });

beforeAll(async () => {
  await seedDemoData(journey.server.app.platform);
});

test("the demo instructor reads the demo course's figures, retention and confusion, and plays its hotspot", async () => {
  const instructor = DEMO_ACCOUNTS.find((account) => account.role === "INSTRUCTOR")!;
  const { context, page } = await journey.openVisitor();
  await routeMediaToTestServer(context, journey.server);
  await signInThroughForm(page, instructor.email, instructor.password);
  await page.goto("/teach/courses");
  await page.getByRole("link", { name: "Analytics of Practical TypeScript" }).click();

  const figures = page.locator(".analytics-figures").first();
  await figures.waitFor();
  const figure = async (label: string) => figures.locator("div", { has: page.getByText(label, { exact: true }) }).locator("dd").innerText();
  expect(Number(await figure("Enrollments"))).toBeGreaterThanOrEqual(24);
  expect(Number(await figure("Active learners"))).toBeGreaterThan(0);
  await page.getByText("Learners per day (UTC)").waitFor();

  const select = page.getByRole("combobox", { name: "Video" });
  const lastVideo = await select.locator("option").last().getAttribute("value");
  await select.selectOption(lastVideo!);
  const hotspots = page.locator(".analytics-video .analytics-hotspots li");
  await hotspots.first().waitFor();
  expect(await page.locator(".analytics-heatmap-bucket").count()).toBeGreaterThan(0);
  const mostConfusing = hotspots.first().getByRole("button");
  const [minutes, seconds] = /Play (\d+):(\d+)/.exec(await mostConfusing.innerText())!.slice(1).map(Number) as [number, number];
  const start = minutes * 60 + seconds;
  await screenshotBothWidths(page, JOURNEY, "01-demo-dashboard");

  await page.evaluate(() => document.querySelectorAll("video").forEach((video) => (video.muted = true)));
  await mostConfusing.click();
  await waitUntil("the hotspot playing", () =>
    page.locator(".analytics-player video").evaluate((video: HTMLVideoElement, from) => !video.paused && video.currentTime >= from, start),
  );
});
