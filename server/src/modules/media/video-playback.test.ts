// Who gets Video.playback and Video.thumbnailUrl: signed URLs for those who may watch, null for everyone else.
import { startTestServer, type TestServer, UNTHROTTLED } from "../../../test/support/test-server.ts";
import { toGlobalId } from "../../platform/ids.ts";
import { createCourse, PUBLISH } from "../catalog/catalog.fixtures.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { type Cast, signUpCast } from "../identity/identity.fixtures.ts";
import { PLAYBACK } from "./media.fixtures.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer({ ...UNTHROTTLED, VIDEO_URL_TTL: "600" });
  cast = await signUpCast(server);
});
afterAll(() => server.close());

/** Stands in for a processed upload: a READY video with its file and thumbnail keys. */
async function processedVideo(courseId: string, position: number, isPreview: boolean) {
  const video = await server.db.video.create({
    data: {
      courseId: databaseId(courseId),
      title: isPreview ? "Preview" : "Lesson",
      position,
      isPreview,
      status: "READY",
      durationSeconds: 3,
      fileKey: `videos/v${position}/u/video.mp4`,
      thumbnailKey: `videos/v${position}/u/thumb.jpg`,
      mimeType: "video/mp4",
    },
  });
  return toGlobalId("Video", video.id);
}

async function viewOf(videoId: string, token: string | undefined) {
  const result = await server.graphql(PLAYBACK, { id: videoId }, { token });
  expect(result.errors).toBeUndefined();
  const video = result.data!.video;
  return video && { playback: video.playback !== null, thumbnail: video.thumbnailUrl !== null, playbackUrl: video.playback?.url as string | undefined };
}

it("plays a published course's lesson for its instructors and admins only, and its preview for anyone", async () => {
  const course = await createCourse(server, cast.owner.accessToken);
  const lesson = await processedVideo(course.id, 0, false);
  const preview = await processedVideo(course.id, 1, true);
  await server.graphql(PUBLISH, { id: course.id }, { token: cast.owner.accessToken });

  const everyone = { owner: cast.owner.accessToken, admin: cast.admin.accessToken, student: cast.student.accessToken, other: cast.otherInstructor.accessToken, anonymous: undefined };
  const lessonViews = Object.fromEntries(await Promise.all(Object.entries(everyone).map(async ([who, token]) => [who, await viewOf(lesson, token)])));
  expect(lessonViews).toMatchObject({
    owner: { playback: true, thumbnail: true },
    admin: { playback: true, thumbnail: true },
    student: { playback: false, thumbnail: true },
    other: { playback: false, thumbnail: true },
    anonymous: { playback: false, thumbnail: true },
  });
  for (const [, token] of Object.entries(everyone)) expect(await viewOf(preview, token)).toMatchObject({ playback: true, thumbnail: true });

  const { video } = (await server.graphql(PLAYBACK, { id: preview }, {})).data!;
  expect(video.playback).toMatchObject({ mimeType: "video/mp4", url: expect.stringContaining("/media/play/videos/v1/u/video.mp4?") });
  const ttl = (new Date(video.playback.expiresAt).getTime() - Date.now()) / 1000;
  expect(ttl).toBeGreaterThan(590);
  expect(ttl).toBeLessThanOrEqual(601);
});

it("shows nothing of a draft course's videos but to its instructors and admins", async () => {
  const course = await createCourse(server, cast.owner.accessToken);
  const preview = await processedVideo(course.id, 0, true);
  expect(await viewOf(preview, cast.owner.accessToken)).toMatchObject({ playback: true, thumbnail: true });
  expect(await viewOf(preview, cast.admin.accessToken)).toMatchObject({ playback: true, thumbnail: true });
  for (const token of [cast.student.accessToken, cast.otherInstructor.accessToken, undefined]) expect(await viewOf(preview, token)).toBeNull();
});

it("has no playback before a file is READY", async () => {
  const course = await createCourse(server, cast.owner.accessToken);
  const video = await server.db.video.create({ data: { courseId: databaseId(course.id), title: "New", position: 0, status: "PROCESSING" } });
  expect(await viewOf(toGlobalId("Video", video.id), cast.owner.accessToken)).toMatchObject({ playback: false, thumbnail: false });
});
