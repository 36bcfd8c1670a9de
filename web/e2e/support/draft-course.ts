// A draft course with one video, made through the API as its instructor would.
import type { TestServer } from "../../../server/test/support/test-server.ts";

export async function createDraftCourseWithVideo(
  server: TestServer,
  token: string,
  course: { title: string; description: string },
  videoTitle: string,
): Promise<{ courseId: string; videoId: string }> {
  const created = await server.graphql(
    `mutation ($input: CreateCourseInput!) { createCourse(input: $input) { id } }`,
    { input: { ...course, priceCents: 0 } },
    { token },
  );
  const courseId = created.data!.createCourse.id as string;
  const video = await server.graphql(
    `mutation ($input: CreateVideoInput!) { createVideo(input: $input) { id } }`,
    { input: { courseId, title: videoTitle } },
    { token },
  );
  return { courseId, videoId: video.data!.createVideo.id as string };
}
