// Journey: the time to first frame of a 100 MB upload (issue 17), from the moment the API answers
// completeVideoUpload to a learner's <video> playing it. An instructor uploads a minute of 1080p
// H.264 (about 100 MB) through the course editor's real multipart upload into a published course;
// an enrolled learner, in a browser of their own, opens the lesson as soon as the video is READY
// and plays it. The figures are logged, not asserted: budgets are for the notes, not the tests.
import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { parseId } from "../../server/src/platform/ids.ts";
import { signUp, type TestAccount } from "../../server/test/support/accounts.ts";
import { waitUntil } from "../../server/test/support/wait.ts";
import { signInThroughForm } from "./support/browser.ts";
import { useJourney } from "./support/journey.ts";
import { arrangeLearnableCourse } from "./support/learnable-course.ts";
import { routeMediaToTestServer } from "./support/media.ts";
import { documentHash } from "../src/apollo/persistedDocuments.ts";
import { CompleteVideoUploadDocument } from "../src/gql/graphql.ts";

const journey = useJourney({ withDataDir: true });
const MB = 1_000_000;
const UPLOAD_SECONDS = 60;
/** x264's ultrafast preset at this rate makes a minute of test pattern about 100 MB, in under 30 s on two cores. */
const UPLOAD_BITRATE = "13M";
const ENROLL = /* GraphQL */ `mutation ($courseId: ID!) { enroll(courseId: $courseId) { id } }`;
const CREATE_VIDEO = /* GraphQL */ `mutation ($input: CreateVideoInput!) { createVideo(input: $input) { id } }`;
const run = promisify(execFile);

let instructor: TestAccount;
let learner: TestAccount;
let courseId: string;
let firstVideoId: string;
let upload: string;

/** A minute of 1080p H.264/AAC, its index at the end as cameras and editors write it. */
async function makeLargeVideo(file: string): Promise<string> {
  await run("/usr/bin/ffmpeg", [
    ...["-hide_banner", "-v", "error", "-y"],
    ...["-f", "lavfi", "-i", `testsrc2=duration=${UPLOAD_SECONDS}:size=1920x1080:rate=25`],
    ...["-f", "lavfi", "-i", `sine=frequency=440:duration=${UPLOAD_SECONDS}`],
    ...["-c:v", "libx264", "-preset", "ultrafast", "-b:v", UPLOAD_BITRATE, "-maxrate", UPLOAD_BITRATE, "-bufsize", UPLOAD_BITRATE],
    ...["-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file],
  ]);
  return file;
}

beforeAll(async () => {
  instructor = await signUp(journey.server, { role: "INSTRUCTOR", displayName: "Vera Videographer" });
  learner = await signUp(journey.server, { displayName: "Finn First" });
  const course = await arrangeLearnableCourse(journey.server, instructor.accessToken, journey.dataDir, {
    title: "Studio lighting",
    description: "Light a scene for video.",
    videos: [{ title: "Introduction", seconds: 3 }],
  });
  courseId = course.courseId;
  firstVideoId = course.videoIds[0]!;
  const enrolled = await journey.server.graphql(ENROLL, { courseId }, { token: learner.accessToken });
  if (!enrolled.data?.enroll) throw new Error(`enroll failed: ${JSON.stringify(enrolled.errors)}`);
  upload = await makeLargeVideo(path.join(journey.dataDir, "key-light.mp4"));
}, 120_000);

test("a 100 MB upload plays in a learner's browser soon after the upload completes", async () => {
  const created = await journey.server.graphql(CREATE_VIDEO, { input: { courseId, title: "The key light" } }, { token: instructor.accessToken });
  const videoId = created.data?.createVideo?.id as string | undefined;
  if (!videoId) throw new Error(`createVideo failed: ${JSON.stringify(created.errors)}`);
  const megabytes = Math.round((await stat(upload)).size / MB);

  // The learner waits, signed in, on the course's first lesson.
  const watching = await journey.openVisitor();
  await routeMediaToTestServer(watching.context, journey.server);
  await signInThroughForm(watching.page, learner.email, learner.password);
  await watching.page.goto(`/learn/courses/${encodeURIComponent(courseId)}/videos/${encodeURIComponent(firstVideoId)}`);
  await watching.page.locator("video.lesson-video").waitFor();

  const teaching = await journey.openVisitor();
  await routeMediaToTestServer(teaching.context, journey.server);
  await signInThroughForm(teaching.page, instructor.email, instructor.password);
  await teaching.page.goto(`/teach/courses/${encodeURIComponent(courseId)}/edit`);
  const completed = teaching.page.waitForResponse(
    (response) => response.url().endsWith("/graphql") && (response.request().postData() ?? "").includes(documentHash(CompleteVideoUploadDocument)),
    { timeout: 120_000 },
  );
  const chosen = Date.now();
  await teaching.page.getByLabel("Upload a file for video The key light").setInputFiles(upload);
  expect((await completed).ok()).toBe(true);
  const completedAt = Date.now();

  const id = parseId(videoId, "Video", "videoId");
  await waitUntil(
    "the video READY",
    async () => (await journey.server.db.video.findUniqueOrThrow({ where: { id }, select: { status: true } })).status === "READY",
    60_000,
  );
  const readyMs = Date.now() - completedAt;

  const { page } = watching;
  const openedMs = Date.now() - completedAt;
  await page.goto(`/learn/courses/${encodeURIComponent(courseId)}/videos/${encodeURIComponent(videoId)}`);
  await page.getByRole("heading", { level: 1, name: "The key light" }).waitFor();
  // Muted: browsers let a page start a muted video without a click, as a learner's press would.
  await page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>("video.lesson-video")!;
    video.muted = true;
    void video.play();
  });
  await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>("video.lesson-video")?.currentTime ?? 0) > 0, undefined, {
    timeout: 30_000,
  });
  const playingMs = Date.now() - completedAt;
  // Meanwhile the rendition ladder and the previews are being made from the same file: the
  // learner's first frame shares the two cores with them, as it would on a small server.
  const ladderRunning = (await journey.server.db.video.findUniqueOrThrow({ where: { id }, select: { hlsMasterKey: true } })).hlsMasterKey === null;
  console.log(
    `upload: ${megabytes} MB sent in ${completedAt - chosen} ms; READY ${readyMs} ms after completeVideoUpload, ` +
      `playing ${playingMs} ms after completeVideoUpload (${playingMs - openedMs} ms after the learner opened the lesson` +
      `${ladderRunning ? ", the ladder still being made" : ""})`,
  );
  await teaching.context.close();
  await watching.context.close();
}, 240_000);
