// The learning module's factories for tests: enrollments arranged in learning's own table (for
// tests about other modules), and, through the public API, courses to learn in, enrolling and
// progress reports. A READY video with its probed duration stands in for a processed upload.
import pg from "pg";
import type { EnrollmentStatus } from "../../generated/prisma/enums.ts";
import { perWorld } from "../../../test/support/access-matrix.ts";
import { databaseId } from "../../../test/support/ids.ts";
import type { TestServer } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { toGlobalId } from "../../platform/ids.ts";
import { createCourse, publishCourse } from "../catalog/catalog.fixtures.ts";
import { addReadyVideo } from "../media/media.fixtures.ts";

/** The user (a global id) enrolled in the course (a global id) as a free learner, in the database. */
export function enroll(server: TestServer, courseId: string, userId: string, status: EnrollmentStatus = "ACTIVE") {
  return server.db.enrollment.create({ data: { courseId: databaseId(courseId), userId: databaseId(userId), source: "FREE", status } });
}

export function setEnrollmentStatus(server: TestServer, enrollmentId: string, status: EnrollmentStatus) {
  return server.db.enrollment.update({ where: { id: enrollmentId }, data: { status } });
}

export function removeEnrollments(server: TestServer, courseId: string) {
  return server.db.enrollment.deleteMany({ where: { courseId: databaseId(courseId) } });
}

/** An enrollment written in a transaction of its own connection, left open until `commit`. */
export async function enrollUncommitted(server: TestServer, courseId: string, userId: string) {
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  await client.query("BEGIN");
  await client.query(`INSERT INTO enrollments (id, user_id, course_id, source) VALUES (gen_random_uuid(), $1, $2, 'FREE')`, [
    databaseId(userId),
    databaseId(courseId),
  ]);
  return { commit: () => client.query("COMMIT"), end: () => client.end() };
}

export const ENROLL = /* GraphQL */ `mutation ($courseId: ID!) { enroll(courseId: $courseId) { id status source enrolledAt completedAt } }`;
export const GRANT = /* GraphQL */ `
  mutation ($courseId: ID!, $userId: ID!) { grantEnrollment(courseId: $courseId, userId: $userId) { id status source } }
`;
export const REVOKE = /* GraphQL */ `mutation ($enrollmentId: ID!) { revokeEnrollment(enrollmentId: $enrollmentId) { id status } }`;
export const RECORD = /* GraphQL */ `
  mutation ($input: RecordProgressInput!) {
    recordProgress(input: $input) {
      video { id } positionSeconds watchedSeconds watchedRanges { startSeconds endSeconds } percentWatched completed completedAt updatedAt
    }
  }
`;
export const COURSE_PROGRESS_FIELDS = /* GraphQL */ `
  completedVideos totalVideos percent watchedSeconds completed completedAt resumeVideo { id } resumePositionSeconds
`;

/** A READY video of the course whose probed duration is `exactSeconds` (durationSeconds rounds it up). */
export async function addPlayableVideo(server: TestServer, courseId: string, exactSeconds: number): Promise<string> {
  const position = await server.db.video.count({ where: { courseId: databaseId(courseId), sectionId: null } });
  const video = await addReadyVideo(server, courseId, {
    title: `Lesson ${position + 1}`,
    position,
    durationSeconds: Math.ceil(exactSeconds),
    exactDurationSeconds: exactSeconds,
    fileKey: `videos/fixture-${position}.mp4`,
    mimeType: "video/mp4",
  });
  return toGlobalId("Video", video.id);
}

/** A published course of the instructor with READY videos of these probed durations. */
export async function courseToLearn(server: TestServer, token: string, durations: number[], input: Record<string, unknown> = {}) {
  const course = await createCourse(server, token, input);
  const videoIds: string[] = [];
  for (const seconds of durations) videoIds.push(await addPlayableVideo(server, course.id, seconds));
  await publishCourse(server, token, course.id);
  return { courseId: course.id, videoIds };
}

/** Enrolls the token's person through the API; answers the enrollment's global id. */
export async function enrollAs(server: TestServer, token: string, courseId: string): Promise<string> {
  const result = await server.graphql(ENROLL, { courseId }, { token });
  if (!result.data?.enroll) throw new Error(`enroll failed: ${JSON.stringify(result.errors)}`);
  return result.data.enroll.id as string;
}

export interface Report {
  videoId: string;
  positionSeconds?: number;
  watchedRanges?: [number, number][];
  clientTimestamp?: string;
}

export function record(server: TestServer, token: string, report: Report) {
  const watchedRanges = (report.watchedRanges ?? []).map(([startSeconds, endSeconds]) => ({ startSeconds, endSeconds }));
  const input = { videoId: report.videoId, positionSeconds: report.positionSeconds ?? 0, watchedRanges, clientTimestamp: report.clientTimestamp };
  return server.graphql(RECORD, { input }, { token });
}

export const CERTIFICATE_FIELDS = /* GraphQL */ `
  id code url recipientName courseTitle instructorNames issuedAt status credential course { id title }
`;
const VIEWER_CERTIFICATE = /* GraphQL */ `query ($id: ID!) { course(id: $id) { viewerProgress { completedAt certificate { ${CERTIFICATE_FIELDS} } } } }`;

/** The token's person's certificate of the course once its listener issued it (null before). */
export async function viewerCertificate(server: TestServer, token: string, courseId: string) {
  const result = await server.graphql(VIEWER_CERTIFICATE, { id: courseId }, { token });
  return (result.data?.course?.viewerProgress?.certificate ?? null) as Record<string, any> | null;
}

/**
 * The token's person enrolls in the course and watches each of its videos (of these durations)
 * to the end; answers their certificate once it is issued (after the commit, by a listener).
 */
export async function completeCourse(server: TestServer, token: string, course: { courseId: string; videoIds: string[] }, durations: number[]) {
  await enrollAs(server, token, course.courseId);
  for (const [index, videoId] of course.videoIds.entries()) await record(server, token, { videoId, watchedRanges: [[0, durations[index]]] });
  let certificate: Record<string, any> | null = null;
  await waitUntil("the certificate", async () => (certificate = await viewerCertificate(server, token, course.courseId)) !== null);
  return certificate!;
}

/** For authorization-matrix rows: one course per matrix world with a 60-second video, the cast's student enrolled in it. */
export const courseOfEnrolledStudent = perWorld(async (world) => {
  const { courseId, videoIds } = await courseToLearn(world.server, world.cast.owner.accessToken, [60]);
  await enrollAs(world.server, world.cast.student.accessToken, courseId);
  return { courseId, videoId: videoIds[0] };
});
