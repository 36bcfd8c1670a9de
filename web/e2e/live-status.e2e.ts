// Journey: the course editor follows video statuses over the WebSocket; when the socket drops,
// a status that changed meanwhile (an event nobody received) shows once the client reconnects.
// The publishing checklist follows them too: Publish opens once a video is ready.
import type { Socket } from "node:net";
import { publishVideoStatus } from "../../server/src/modules/media/video-status.ts";
import { parseId } from "../../server/src/platform/ids.ts";
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { waitUntil } from "../../server/test/support/wait.ts";
import { screenshot, signInThroughForm } from "./support/browser.ts";
import { createDraftCourseWithVideo } from "./support/draft-course.ts";
import { useJourney } from "./support/journey.ts";
import { screenshotBothWidths } from "./support/screenshots.ts";
import { toast } from "./support/toasts.ts";

const JOURNEY = "live-status";
const journey = useJourney();
let instructor: TestAccount;
/** The WebSocket connections the server accepted (HTTP upgrades), to cut them. */
const sockets = new Set<Socket>();

beforeAll(async () => {
  journey.server.app.httpServer.on("upgrade", (_request, socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  instructor = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Lena Live" });
});

test("a status changed while the socket was down shows after the reconnection", async () => {
  const created = await createDraftCourseWithVideo(
    journey.server,
    instructor.accessToken,
    { title: "Live statuses", description: "Sockets come and go." },
    "Lesson one",
  );
  const { courseId } = created;
  const videoId = parseId(created.videoId, "Video", "id");

  const { context, page } = await journey.openVisitor();
  await signInThroughForm(page, instructor.email, instructor.password);
  await page.goto(`/teach/courses/${encodeURIComponent(courseId)}/edit`);
  const row = page.getByRole("listitem").filter({ hasText: "Lesson one" });
  await row.getByText("No file yet").waitFor();
  await waitUntil("the editor's WebSocket", () => sockets.size === 1);

  for (const socket of sockets) socket.destroy();
  await waitUntil("the socket to close", () => sockets.size === 0);
  // What processing does, minus the event: nobody is connected to receive one.
  await journey.server.db.video.update({ where: { id: videoId }, data: { status: "READY", durationSeconds: 3 } });

  await waitUntil("the client to reconnect", () => sockets.size === 1);
  await row.getByText("Ready").waitFor({ timeout: 10_000 });
  await row.getByText("0:03").waitFor();
  await screenshot(page, JOURNEY, "01-status-after-reconnect");
  await context.close();
});

test("the publishing checklist follows a video becoming ready, and Publish opens", async () => {
  const created = await createDraftCourseWithVideo(
    journey.server,
    instructor.accessToken,
    { title: "Checklist course", description: "Ready when it is ready." },
    "First lesson",
  );
  const { courseId } = created;
  await journey.server.graphql(
    `mutation ($courseId: ID!) { createSection(courseId: $courseId, input: { title: "Coming later" }) { id } }`,
    { courseId },
    { token: instructor.accessToken },
  );
  const { context, page } = await journey.openVisitor();
  await signInThroughForm(page, instructor.email, instructor.password);
  await page.goto(`/teach/courses/${encodeURIComponent(courseId)}/edit`);
  const checklist = page.getByRole("list", { name: "Publishing checklist" });
  await checklist.getByText("Needed: Publishing needs at least one video that is ready to play").waitFor();
  await checklist.getByText("Advised: 1 video has no ready file yet").waitFor();
  await checklist.getByText("Advised: 1 section has no ready video").waitFor();
  const publish = page.getByRole("button", { name: "Publish", exact: true });
  expect(await publish.isDisabled()).toBe(true);
  await screenshotBothWidths(page, JOURNEY, "02-checklist-before");

  // What processing does when it finishes: the row changes, then the event goes out.
  const videoId = parseId(created.videoId, "Video", "id");
  await journey.server.db.video.update({ where: { id: videoId }, data: { status: "READY", durationSeconds: 3, fileKey: "videos/x/y/video.mp4" } });
  publishVideoStatus(journey.server.app.platform, { id: videoId, courseId: parseId(courseId, "Course", "id") });
  await checklist.getByText("Done: 1 video is ready to play.").waitFor();
  await checklist.getByText("Done: Every video has a ready file.").waitFor();
  await checklist.getByText("Advised: 1 section has no ready video: learners will not see it.").waitFor();
  expect(await publish.isDisabled()).toBe(false);
  await screenshotBothWidths(page, JOURNEY, "03-checklist-after-ready");

  await publish.click();
  await toast(page, "“Checklist course” is published: it is in the catalog.").waitFor();
  await context.close();
});
