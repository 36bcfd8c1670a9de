// Journey: the course editor follows video statuses over the WebSocket; when the socket drops,
// a status that changed meanwhile (an event nobody received) shows once the client reconnects.
import type { Socket } from "node:net";
import type { Browser } from "playwright-core";
import { parseId } from "../../server/src/platform/ids.ts";
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { startTestServer, type TestServer } from "../../server/test/support/test-server.ts";
import { waitUntil } from "../../server/test/support/wait.ts";
import { launchChromium, openVisitor, screenshot, signInThroughForm } from "./support/browser.ts";
import { createDraftCourseWithVideo } from "./support/draft-course.ts";

const JOURNEY = "live-status";
let server: TestServer;
let browser: Browser;
let instructor: TestAccount;
/** The WebSocket connections the server accepted (HTTP upgrades), to cut them. */
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = await startTestServer();
  server.app.httpServer.on("upgrade", (_request, socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  browser = await launchChromium();
  instructor = await signUp(server, { role: "INSTRUCTOR", displayName: "Lena Live" });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test("a status changed while the socket was down shows after the reconnection", async () => {
  const created = await createDraftCourseWithVideo(
    server,
    instructor.accessToken,
    { title: "Live statuses", description: "Sockets come and go." },
    "Lesson one",
  );
  const { courseId } = created;
  const videoId = parseId(created.videoId, "Video", "id");

  const { context, page } = await openVisitor(browser, server.url);
  await signInThroughForm(page, instructor.email, instructor.password);
  await page.goto(`/teach/courses/${encodeURIComponent(courseId)}/edit`);
  const row = page.getByRole("listitem").filter({ hasText: "Lesson one" });
  await row.getByText("No file yet").waitFor();
  await waitUntil("the editor's WebSocket", () => sockets.size === 1);

  for (const socket of sockets) socket.destroy();
  await waitUntil("the socket to close", () => sockets.size === 0);
  // What processing does, minus the event: nobody is connected to receive one.
  await server.db.video.update({ where: { id: videoId }, data: { status: "READY", durationSeconds: 3 } });

  await waitUntil("the client to reconnect", () => sockets.size === 1);
  await row.getByText("Ready").waitFor({ timeout: 10_000 });
  await row.getByText("0:03").waitFor();
  await screenshot(page, JOURNEY, "01-status-after-reconnect");
  await context.close();
});
