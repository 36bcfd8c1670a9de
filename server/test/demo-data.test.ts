// The demo data a fresh start seeds: accounts, a published course whose videos play (made by
// ffmpeg and processed like uploads) with the demo student part-way through it, a paid course to
// buy with the local payment provider, and a draft; seeded once.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEMO_ACCOUNTS, DEMO_RESUME_SECONDS, seedDemoData } from "../../prisma/seed.ts";
import { reachable } from "../src/modules/media/media.fixtures.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";

let server: TestServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "demo-data-"));
  server = await startTestServer({ DATA_DIR: dataDir });
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

const DEMO_COURSE = `query {
  course(slug: "practical-typescript") {
    status videoCount totalDurationSeconds
    videos { id title isPreview status durationSeconds thumbnailUrl transcriptVtt playback { url mimeType } }
  }
}`;
const SIGN_IN = `mutation ($email: String!, $password: String!) { signIn(input: { email: $email, password: $password }) { accessToken } }`;
const MY_LEARNING = `query {
  myEnrollments {
    nodes {
      status course { slug }
      progress { completedVideos totalVideos watchedSeconds completed resumeVideo { title viewerProgress { positionSeconds } } resumePositionSeconds }
    }
  }
}`;

async function signIn(role: (typeof DEMO_ACCOUNTS)[number]["role"]): Promise<string> {
  const account = DEMO_ACCOUNTS.find((candidate) => candidate.role === role)!;
  const signedIn = await server.graphql(SIGN_IN, { email: account.email, password: account.password });
  return signedIn.data!.signIn.accessToken as string;
}

async function fetchBytes(url: string): Promise<{ status: number; contentType: string | null; bytes: Buffer }> {
  const response = await fetch(reachable(server, url));
  return { status: response.status, contentType: response.headers.get("content-type"), bytes: Buffer.from(await response.arrayBuffer()) };
}

/** An MP4 file starts with its "ftyp" box. */
const isMp4 = (bytes: Buffer) => bytes.subarray(4, 8).toString("latin1") === "ftyp";

it("seeds a published course whose videos play, with thumbnails and transcripts, and a draft course", async () => {
  const started = performance.now();
  expect(await seedDemoData(server.app.platform)).toBe(true);
  // Printed, not asserted: the machine varies. A few seconds at most on a small one.
  console.log(`demo data seeded in ${Math.round(performance.now() - started)} ms`);

  const { course } = (await server.graphql(DEMO_COURSE, {}, { token: await signIn("INSTRUCTOR") })).data!;
  expect(course).toMatchObject({ status: "PUBLISHED", videoCount: 3 });
  expect(course.videos.map((video: { title: string }) => video.title)).toEqual(["Why TypeScript", "Setting up a project", "Unions and narrowing"]);
  for (const video of course.videos) {
    expect(video).toMatchObject({ status: "READY", playback: { mimeType: "video/mp4" } });
    expect(video.durationSeconds).toBeGreaterThanOrEqual(10);
    expect(video.durationSeconds).toBeLessThanOrEqual(20);
    expect(video.transcriptVtt).toMatch(/^WEBVTT\n\n1\n00:00:00.000 --> /);
    const file = await fetchBytes(video.playback.url);
    expect(file).toMatchObject({ status: 200, contentType: "video/mp4" });
    expect(isMp4(file.bytes)).toBe(true);
    const thumbnail = await fetchBytes(video.thumbnailUrl);
    expect(thumbnail).toMatchObject({ status: 200, contentType: "image/jpeg" });
  }
  expect(course.totalDurationSeconds).toBe(course.videos.reduce((sum: number, video: { durationSeconds: number }) => sum + video.durationSeconds, 0));
  expect(await server.db.course.count({ where: { slug: "graphql-apis-that-last", status: "DRAFT" } })).toBe(1);
});

it("plays the preview video for an anonymous visitor, and only that one", async () => {
  const { course } = (await server.graphql(DEMO_COURSE)).data!;
  const [preview, ...others] = course.videos;
  expect(preview).toMatchObject({ title: "Why TypeScript", isPreview: true });
  const file = await fetchBytes(preview.playback.url);
  expect(file.status).toBe(200);
  expect(isMp4(file.bytes)).toBe(true);
  expect(others.map((video: { playback: unknown }) => video.playback)).toEqual([null, null]);
});

it("shows the demo student's course in My learning, part-way through its first video", async () => {
  const result = await server.graphql(MY_LEARNING, {}, { token: await signIn("STUDENT") });
  expect(result.errors).toBeUndefined();
  expect(result.data!.myEnrollments.nodes).toEqual([
    {
      status: "ACTIVE",
      course: { slug: "practical-typescript" },
      progress: {
        completedVideos: 0,
        totalVideos: 3,
        watchedSeconds: DEMO_RESUME_SECONDS,
        completed: false,
        resumeVideo: { title: "Why TypeScript", viewerProgress: { positionSeconds: DEMO_RESUME_SECONDS } },
        resumePositionSeconds: DEMO_RESUME_SECONDS,
      },
    },
  ]);
});

it("seeds a paid published course the demo student may buy on the local provider's page", async () => {
  const PAID_COURSE = `query { course(slug: "testing-typescript") { id status priceCents currency isFree viewerIsEnrolled videos { status isPreview } } }`;
  const token = await signIn("STUDENT");
  const { course } = (await server.graphql(PAID_COURSE, {}, { token })).data!;
  expect(course).toMatchObject({ status: "PUBLISHED", priceCents: 1900, currency: "USD", isFree: false, viewerIsEnrolled: false });
  expect(course.videos).toEqual([{ status: "READY", isPreview: true }, { status: "READY", isPreview: false }]);
  const START = `mutation ($courseId: ID!) { startCheckout(courseId: $courseId) { checkoutUrl payment { status amountCents provider } } }`;
  const checkout = (await server.graphql(START, { courseId: course.id }, { token })).data!.startCheckout;
  expect(checkout.payment).toEqual({ status: "REQUIRES_PAYMENT", amountCents: 1900, provider: "local" });
  const page = await fetch(reachable(server, checkout.checkoutUrl));
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("Testing TypeScript");
  // The catalog, newest first, still opens with the free demo course (the demo journey's first card).
  const catalog = (await server.graphql(`query { courses(first: 2) { nodes { slug } } }`)).data!;
  expect(catalog.courses.nodes).toEqual([{ slug: "practical-typescript" }, { slug: "testing-typescript" }]);
});

it("seeds only once: a second run adds nothing", async () => {
  const count = async () => ({
    users: await server.db.user.count(),
    courses: await server.db.course.count(),
    videos: await server.db.video.count(),
    uploads: await server.db.videoUpload.count(),
    enrollments: await server.db.enrollment.count(),
    progress: await server.db.videoProgress.count(),
  });
  const before = await count();
  expect(await seedDemoData(server.app.platform)).toBe(false);
  expect(await count()).toEqual(before);
  expect(before).toEqual({ users: 3, courses: 3, videos: 5, uploads: 5, enrollments: 1, progress: 1 });
});
