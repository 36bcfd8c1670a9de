// A published free course whose videos are short real files, processed the way an upload is, so
// that the browser plays them and the API measures progress against their probed durations.
import path from "node:path";
import { createCourse, publishCourse } from "../../../server/src/modules/catalog/catalog.fixtures.ts";
import { importVideoFile } from "../../../server/src/modules/media/index.ts";
import { databaseId } from "../../../server/test/support/ids.ts";
import type { TestServer } from "../../../server/test/support/test-server.ts";
import { makeSampleVideo } from "./media.ts";

const CREATE_VIDEO = /* GraphQL */ `mutation ($input: CreateVideoInput!) { createVideo(input: $input) { id } }`;

export interface LearnableCourseSpec {
  title: string;
  description: string;
  /** Free when absent. */
  priceCents?: number;
  /** Each video's title and length in seconds, in playing order. */
  videos: { title: string; seconds: number }[];
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
    const file = await makeSampleVideo(path.join(workDir, `lesson-${index + 1}.mp4`), video.seconds);
    await importVideoFile(server.app.platform, databaseId(videoId), { filePath: file, contentType: "video/mp4" });
    videoIds.push(videoId);
  }
  await publishCourse(server, ownerToken, course.id);
  return { courseId: course.id, slug: course.slug, videoIds };
}
