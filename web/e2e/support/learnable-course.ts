// A published free course whose videos are short real files, processed the way an upload is, so
// that the browser plays them and the API measures progress against their probed durations.
import path from "node:path";
import { createCourse, publishCourse } from "../../../server/src/modules/catalog/catalog.fixtures.ts";
import { importVideoFile } from "../../../server/src/modules/media/index.ts";
import { makeVideoFixture, type VideoFormat } from "../../../server/src/modules/media/video-formats.fixtures.ts";
import { databaseId } from "../../../server/test/support/ids.ts";
import type { TestServer } from "../../../server/test/support/test-server.ts";
import { makeSampleVideo } from "./media.ts";

const CREATE_VIDEO = /* GraphQL */ `mutation ($input: CreateVideoInput!) { createVideo(input: $input) { id } }`;
const ENROLL = /* GraphQL */ `mutation ($courseId: ID!) { enroll(courseId: $courseId) { id } }`;

export interface LearnableCourseSpec {
  title: string;
  description: string;
  /** Free when absent. */
  priceCents?: number;
  /**
   * Each video's title and length in seconds, in playing order; an H.264/AAC MP4 of 320x240 unless
   * `format` and `size` say otherwise.
   */
  videos: { title: string; seconds: number; format?: VideoFormat; size?: string }[];
}

/** Answers the course's and its videos' global ids; the sample files go to `workDir`. */
export async function arrangeLearnableCourse(
  server: TestServer,
  ownerToken: string,
  workDir: string,
  spec: LearnableCourseSpec,
): Promise<{ courseId: string; slug: string; videoIds: string[] }> {
  const course = await createCourse(server, ownerToken, {
    title: spec.title,
    description: spec.description,
    priceCents: spec.priceCents ?? 0,
  });
  const videoIds: string[] = [];
  for (const [index, video] of spec.videos.entries()) {
    const created = await server.graphql(CREATE_VIDEO, { input: { courseId: course.id, title: video.title } }, { token: ownerToken });
    const videoId = created.data?.createVideo?.id as string | undefined;
    if (!videoId) throw new Error(`createVideo failed: ${JSON.stringify(created.errors)}`);
    const { format } = video;
    const file = format
      ? await makeVideoFixture(path.join(workDir, `lesson-${index + 1}.${format.extension}`), format, { seconds: video.seconds, size: video.size })
      : await makeSampleVideo(path.join(workDir, `lesson-${index + 1}.mp4`), video.seconds, video.size);
    await importVideoFile(server.app.platform, databaseId(videoId), { filePath: file, contentType: format?.contentType ?? "video/mp4" });
    videoIds.push(videoId);
  }
  await publishCourse(server, ownerToken, course.id);
  return { courseId: course.id, slug: course.slug, videoIds };
}

const STREAMING = /* GraphQL */ `query ($id: ID!) { video(id: $id) { playback { hlsUrl } } }`;

/** Waits until the video streams its HLS ladder, made in the background after it is READY. */
export async function waitForLadder(server: TestServer, token: string, videoId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await server.graphql(STREAMING, { id: videoId }, { token });
    if ((answer.data?.video as { playback: { hlsUrl: string | null } } | undefined)?.playback.hlsUrl) return;
    if (Date.now() > deadline) throw new Error(`no HLS ladder in time: ${JSON.stringify(answer)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Enrolls each account in the course. */
export async function enrollAll(server: TestServer, courseId: string, accounts: { accessToken: string }[]): Promise<void> {
  for (const account of accounts) {
    const enrolled = await server.graphql(ENROLL, { courseId }, { token: account.accessToken });
    if (!enrolled.data?.enroll) throw new Error(`enroll failed: ${JSON.stringify(enrolled.errors)}`);
  }
}
