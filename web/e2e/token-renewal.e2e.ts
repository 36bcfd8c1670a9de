// Journey: the access token's silent renewal reconnects the WebSocket with the new token. The
// server checks a socket's token for every event and closes the socket (4401) at the first one
// after that token's expiry, so a socket kept on the old token would lose that event. The
// browser's clock jumps to the renewal instead of waiting out a token's lifetime.
import type { WebSocket } from "playwright-core";
import { publishVideoStatus } from "../../server/src/modules/media/video-status.ts";
import { parseId } from "../../server/src/platform/ids.ts";
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { waitUntil } from "../../server/test/support/wait.ts";
import { screenshot, signInThroughForm } from "./support/browser.ts";
import { createDraftCourseWithVideo } from "./support/draft-course.ts";
import { useJourney } from "./support/journey.ts";
import { documentHash } from "../src/apollo/persistedDocuments.ts";
import { RefreshSessionDocument } from "../src/gql/graphql.ts";

const JOURNEY = "token-renewal";
/** The server's default ACCESS_TOKEN_TTL_SECONDS (900): the client renews 60 s before the end. */
const UNTIL_RENEWAL = "14:00";
const REPUBLISH_INTERVAL_MS = 250;

const journey = useJourney();
let instructor: TestAccount;

beforeAll(async () => {
  instructor = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Rena Renewal" });
});

/** What one GraphQL socket of the page sent and received (graphql-ws message types). */
interface SocketSeen {
  authorization?: string;
  sent: string[];
  received: string[];
  closed: boolean;
}

function watchGraphQLSockets(socket: WebSocket, seen: SocketSeen[]): void {
  if (!new URL(socket.url()).pathname.endsWith("/graphql")) return;
  const record: SocketSeen = { sent: [], received: [], closed: false };
  seen.push(record);
  socket.on("framesent", ({ payload }) => {
    const message = JSON.parse(String(payload)) as { type: string; payload?: { authorization?: string } };
    if (message.type === "connection_init") record.authorization = message.payload?.authorization;
    record.sent.push(message.type);
  });
  socket.on("framereceived", ({ payload }) => record.received.push((JSON.parse(String(payload)) as { type: string }).type));
  socket.on("close", () => {
    record.closed = true;
  });
}

test("after a silent renewal, the subscription goes on over a socket that carries the new token", async () => {
  const created = await createDraftCourseWithVideo(
    journey.server,
    instructor.accessToken,
    { title: "Renewed sockets", description: "Tokens come and go." },
    "Lesson one",
  );
  const videoId = parseId(created.videoId, "Video", "id");
  const courseId = parseId(created.courseId, "Course", "id");

  const { context, page } = await journey.openVisitor();
  // Installed before the app loads; time then flows as usual until the jump.
  await page.clock.install();
  const sockets: SocketSeen[] = [];
  page.on("websocket", (socket) => watchGraphQLSockets(socket, sockets));
  let renewals = 0;
  page.on("requestfinished", (request) => {
    // The web client sends its operations by their build-time hash.
    if (request.postData()?.includes(documentHash(RefreshSessionDocument))) renewals += 1;
  });
  await signInThroughForm(page, instructor.email, instructor.password);
  // The page after sign-in has a socket of its own (the notifications bell subscribes): the editor's are counted.
  sockets.length = 0;
  await page.goto(`/teach/courses/${encodeURIComponent(created.courseId)}/edit`);
  const row = page.getByRole("listitem").filter({ hasText: "Lesson one" });
  await row.getByText("No file yet").waitFor();
  await waitUntil("the editor's subscription", () => sockets.length === 1 && sockets[0].sent.includes("subscribe"));
  const first = sockets[0];
  // Loading the editor restored the session kept by the sign-in page: one renewal already.
  const renewalsBefore = renewals;

  await page.clock.fastForward(UNTIL_RENEWAL);
  await waitUntil("the silent renewal", () => renewals > renewalsBefore);
  await waitUntil("the socket to reconnect after the renewal", () => sockets.length >= 2 && sockets[1].sent.includes("subscribe"));
  const renewed = sockets[1];
  expect(first.closed).toBe(true);
  expect(renewed.authorization).toMatch(/^Bearer /);
  expect(renewed.authorization).not.toBe(first.authorization);
  expect(sockets).toHaveLength(2);

  // What processing does once the file is ready. The server registers the renewed socket's
  // subscription a moment after it was sent, so the event is announced until it arrives.
  await journey.server.db.video.update({ where: { id: videoId }, data: { status: "READY", durationSeconds: 3 } });
  const announce = () => publishVideoStatus(journey.server.app.platform, { id: videoId, courseId });
  announce();
  const republishing = setInterval(announce, REPUBLISH_INTERVAL_MS);
  try {
    await waitUntil("the status event over the renewed socket", () => renewed.received.includes("next"));
  } finally {
    clearInterval(republishing);
  }
  await row.getByText("Ready").waitFor();
  await row.getByText("0:03").waitFor();
  expect(renewed.closed).toBe(false);
  await screenshot(page, JOURNEY, "01-status-after-renewal");
  await context.close();
});
